import type { CorridorTable } from '../live/live-tables';
import { corridorRowQuality, type CorridorQuality } from './corridor-quality';

/** A corridor line of the city pack (GET /api/city/pack/layers/corridors). */
export interface CorridorLine {
  type: 'Feature';
  id: string;
  properties: { name?: string };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

export interface CorridorFeatureCollection {
  type: 'FeatureCollection';
  features: (CorridorLine & { properties: { quality: CorridorQuality } })[];
}

/** The pack's corridor lines, each with its live progression quality ('none' when the gateway has nothing on it). */
export function corridorFeatureCollection(lines: readonly CorridorLine[], table: CorridorTable): CorridorFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: lines.map((line) => {
      const row = table.row(line.id);
      const quality = row === undefined ? 'none' : corridorRowQuality(table, row);
      return { ...line, properties: { ...line.properties, quality } };
    }),
  };
}
