import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { LAYER_KINDS } from '@urban-brain/city-pack';

// Hand-written because the bodies are plain GeoJSON and JSON read from the city pack, not DTO classes.
const GEOMETRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'coordinates'],
  properties: { type: { type: 'string', enum: ['Point', 'LineString', 'Polygon'] }, coordinates: { type: 'array', items: {} } },
};

export const BASEMAP_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'GeoJSON FeatureCollection of the offline base map. `properties.layer` says how to draw a feature: ' +
    'district (Polygon), river (LineString), lake (Polygon), road (LineString, a named main road, with roadClass), ' +
    'street (LineString, the minor street grid, with roadClass; not labelled), site (Point, with kind; landmarks have kind "landmark"). ' +
    'Coordinates are [lon, lat] (WGS84); `approximate` is true when the pack is not surveyed geometry.',
  required: ['type', 'center', 'approximate', 'features'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    center: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, example: [105.058, 29.582] },
    approximate: { type: 'boolean' },
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
            required: ['layer', 'name', 'nameZh'],
            properties: {
              layer: { type: 'string', enum: ['district', 'river', 'lake', 'road', 'street', 'site', 'restricted'] },
              name: { type: 'string' },
              nameZh: { type: 'string' },
              roadClass: { type: 'string' },
              kind: { type: 'string' },
            },
          },
          geometry: GEOMETRY_SCHEMA,
        },
      },
    },
  },
};

export const CITY_PACK_MANIFEST_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'The manifest of the loaded city pack (city-packs/README.md describes the format).',
  required: ['format', 'formatVersion', 'id', 'name', 'centre', 'bbox', 'approximate', 'attribution', 'layers'],
  properties: {
    format: { type: 'string', enum: ['urban-brain.city-pack'] },
    formatVersion: { type: 'integer', example: 1 },
    id: { type: 'string', example: 'neijiang' },
    name: { type: 'string' },
    nameZh: { type: 'string' },
    centre: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: '[west, south, east, north]' },
    approximate: { type: 'boolean' },
    approximateNote: { type: 'string' },
    attribution: { type: 'string' },
    source: { type: 'string' },
    layers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'file'],
        properties: { kind: { type: 'string', enum: [...LAYER_KINDS] }, file: { type: 'string' }, empty: { type: 'boolean' }, note: { type: 'string' } },
      },
    },
  },
};

export const CITY_LAYER_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'GeoJSON FeatureCollection; each feature has a string id and the properties of its layer kind.',
  required: ['type', 'features'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    features: {
      type: 'array',
      items: { type: 'object', required: ['type', 'id', 'properties', 'geometry'], properties: { type: { type: 'string', enum: ['Feature'] }, id: { type: 'string' }, properties: { type: 'object' }, geometry: GEOMETRY_SCHEMA } },
    },
  },
};
