import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

// Hand-written because the body is plain GeoJSON built in @urban-brain/common, not a DTO class.
export const BASEMAP_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'GeoJSON FeatureCollection of the offline base map. `properties.layer` says how to draw a feature: ' +
    'district (Polygon), river (LineString), lake (Polygon), road (LineString, with roadClass), site (Point, with kind). ' +
    'Coordinates are [lon, lat] (WGS84); the geometry is approximate.',
  required: ['type', 'center', 'approximate', 'features'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    center: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, example: [105.058, 29.58] },
    approximate: { type: 'boolean', enum: [true] },
    features: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'id', 'properties', 'geometry'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string', example: 'road:hanan-avenue' },
          properties: {
            type: 'object',
            required: ['layer', 'name'],
            properties: {
              layer: { type: 'string', enum: ['district', 'river', 'lake', 'road', 'site'] },
              name: { type: 'string' },
              nameZh: { type: 'string' },
              roadClass: { type: 'string' },
              kind: { type: 'string' },
            },
          },
          geometry: {
            type: 'object',
            required: ['type', 'coordinates'],
            properties: { type: { type: 'string', enum: ['Point', 'LineString', 'Polygon'] }, coordinates: { type: 'array', items: {} } },
          },
        },
      },
    },
  },
};
