import { BikeEventKind } from '@urban-brain/proto';
import type { BikeTable, BoatTable, CorridorTable } from '../live/live-tables';
import { corridorQuality, type CorridorQuality } from './corridor-quality';

interface PointFeature<P> {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: P;
}

export interface FeatureCollection<F> {
  type: 'FeatureCollection';
  features: F[];
}

export type BikeParking = 'in-fence' | 'outside' | 'riding';

// Bikes as points with the one property their colour needs. A bike being ridden
// is drawn too (faint): its position is the trip start, not a parking problem.
export function bikeFeatureCollection(table: BikeTable): FeatureCollection<PointFeature<{ parking: BikeParking }>> {
  const features = new Array<PointFeature<{ parking: BikeParking }>>(table.size);
  const { lon, lat, inFence, lastEvent } = table.columns;
  for (let row = 0; row < table.size; row++) {
    const parking: BikeParking = lastEvent[row] === BikeEventKind.TRIP_START ? 'riding' : inFence[row] ? 'in-fence' : 'outside';
    features[row] = { type: 'Feature', geometry: { type: 'Point', coordinates: [lon[row]!, lat[row]!] }, properties: { parking } };
  }
  return { type: 'FeatureCollection', features };
}

export function boatFeatureCollection(table: BoatTable): FeatureCollection<PointFeature<{ id: string; task: number; heading: number }>> {
  const { lon, lat, taskState, headingDeg } = table.columns;
  return {
    type: 'FeatureCollection',
    features: table.ids.map((id, row) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon[row]!, lat[row]!] },
      properties: { id, task: taskState[row]!, heading: headingDeg[row]! },
    })),
  };
}

/** A corridor line of the city pack (GET /api/city/pack/layers/corridors). */
export interface CorridorLine {
  type: 'Feature';
  id: string;
  properties: { name?: string };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

/** The pack's corridor lines, each with its live progression quality ('none' when the gateway has nothing on it). */
export function corridorFeatureCollection(
  lines: readonly CorridorLine[],
  table: CorridorTable,
): FeatureCollection<CorridorLine & { properties: { quality: CorridorQuality } }> {
  const { arrivalsOnGreenPct, observedAtMs, darkIntersections } = table.columns;
  return {
    type: 'FeatureCollection',
    features: lines.map((line) => {
      const row = table.row(line.id);
      const quality = row === undefined ? 'none' : corridorQuality(arrivalsOnGreenPct[row]!, observedAtMs[row]!, darkIntersections[row]!);
      return { ...line, properties: { ...line.properties, quality } };
    }),
  };
}
