import type { TruckTable } from '../live/truck-table';
import { MOVING_ABOVE_KMH } from './truck-task-style';

export interface TruckFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: TruckFeatureProperties;
}

export interface TruckFeatureCollection {
  type: 'FeatureCollection';
  features: TruckFeature[];
}

export interface TruckFeatureProperties {
  id: string;
  task: number;
  heading: number;
  moving: boolean;
}

// The GeoJSON the plain MapLibre truck layer draws. Rebuilt whole on each
// animation frame that follows new data: fine for the fleet's ~120 trucks;
// tens of thousands of entities go to a typed-array (deck.gl) layer instead.
export function truckFeatureCollection(table: TruckTable): TruckFeatureCollection {
  const features = new Array<TruckFeature>(table.size);
  for (let row = 0; row < table.size; row++) {
    features[row] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [table.lon[row]!, table.lat[row]!] },
      properties: {
        id: table.ids[row]!,
        task: table.taskState[row]!,
        heading: table.headingDeg[row]!,
        moving: table.speedKmh[row]! > MOVING_ABOVE_KMH,
      },
    };
  }
  return { type: 'FeatureCollection', features };
}
