import { METRES_PER_DEGREE, metresPerDegreeLon } from '@urban-brain/common';
import { representativePoint, type CityPack, type PackGeometry } from '@urban-brain/city-pack';
import type { PlaceLayer } from '../rules/rule-definition';

export interface NamedPlace {
  id: string;
  name: string;
  nameZh: string;
  lon: number;
  lat: number;
}

interface PlaceSpec {
  layer: PlaceLayer;
  ids: readonly string[] | null;
  siteKinds: readonly string[] | null;
  radiusM: number;
}

/** The pack's places and areas as the rules ask about them: which district, the nearest named place, places within a radius. */
export class CityPlaces {
  private readonly named: PlaceSet;
  /** Every feature of the pack that has a name, by id (intersections, fences, corridors, zones, places). */
  private readonly names = new Map<string, { name: string; nameZh: string }>();
  /** Where each feature of the pack is, by id (its representative point). */
  private readonly points = new Map<string, [number, number]>();

  constructor(readonly pack: CityPack) {
    // "The nearest site" for grouping: the pack's named points (sites and landmarks), within 3 km.
    this.named = new PlaceSet(pack, [...placesOf(pack, 'sites'), ...placesOf(pack, 'landmarks')], 3_000);
    for (const features of Object.values(pack.layers) as { id: string; properties: { name?: string; nameZh?: string }; geometry: PackGeometry }[][]) {
      for (const f of features) {
        const name = f.properties.name;
        if (name) this.names.set(f.id, { name, nameZh: f.properties.nameZh ?? name });
        this.points.set(f.id, representativePoint(f.geometry));
      }
    }
  }

  /**
   * Where a pack feature is, by its id ("intersection:xinjiang-05" → its crossing), or null: the place of
   * an alert whose messages carry no position (a signal controller's phases), so that it is on the map and in a district.
   */
  pointOf(id: string): [number, number] | null {
    return this.points.get(id) ?? null;
  }

  /** The pack's name of a feature by its id ("intersection:hanan-west-01" → "Han'an Avenue × Shizhong Lane 1"), or null. */
  nameOf(id: string): { name: string; nameZh: string } | null {
    return this.names.get(id) ?? null;
  }

  districtAt(lon: number, lat: number): NamedPlace | null {
    const district = this.pack.districtAt([lon, lat]);
    if (!district) return null;
    return { id: district.id, name: district.properties.name, nameZh: district.properties.nameZh ?? district.properties.name, lon, lat };
  }

  nearestNamedPlace(lon: number, lat: number): NamedPlace | null {
    const i = this.named.nearestWithin(lon, lat);
    return i < 0 ? null : this.named.places[i]!;
  }

  placeSet(spec: PlaceSpec): PlaceSet {
    const places = placesOf(this.pack, spec.layer).filter((p) => (!spec.ids || spec.ids.includes(p.id)) && (!spec.siteKinds || spec.siteKinds.includes(p.kind)));
    return new PlaceSet(this.pack, places, spec.radiusM);
  }
}

/** Points behind a grid of radius-sized cells: the nearest within the radius is a look at 3 x 3 cells. */
export class PlaceSet {
  readonly places: NamedPlace[];
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly cells = new Map<number, number[]>();
  private readonly originLon: number;
  private readonly originLat: number;
  private readonly kx: number;
  private readonly radiusSq: number;

  constructor(
    pack: CityPack,
    places: readonly NamedPlace[],
    private readonly radiusM: number,
  ) {
    this.places = [...places];
    [this.originLon, this.originLat] = pack.projection.origin;
    this.kx = metresPerDegreeLon(this.originLat);
    this.radiusSq = radiusM * radiusM;
    this.x = new Float64Array(places.length);
    this.y = new Float64Array(places.length);
    places.forEach((p, i) => {
      this.x[i] = (p.lon - this.originLon) * this.kx;
      this.y[i] = (p.lat - this.originLat) * METRES_PER_DEGREE;
      const key = cellKey(Math.floor(this.x[i]! / radiusM), Math.floor(this.y[i]! / radiusM));
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(i);
      else this.cells.set(key, [i]);
    });
  }

  /** The index of the nearest place within the radius, or -1. */
  nearestWithin(lon: number, lat: number): number {
    const x = (lon - this.originLon) * this.kx;
    const y = (lat - this.originLat) * METRES_PER_DEGREE;
    const cx = Math.floor(x / this.radiusM);
    const cy = Math.floor(y / this.radiusM);
    let best = -1;
    let bestSq = this.radiusSq;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const bucket = this.cells.get(cellKey(cx + dx, cy + dy));
        if (bucket === undefined) continue;
        for (let k = 0; k < bucket.length; k++) {
          const i = bucket[k]!;
          const ex = this.x[i]! - x;
          const ey = this.y[i]! - y;
          const d = ex * ex + ey * ey;
          if (d <= bestSq) {
            bestSq = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

/** A number for a grid cell (cells within ±1e6 of the origin, i.e. any city at any cell size over a metre). */
export function cellKey(cx: number, cy: number): number {
  return (cx + 1_000_000) * 2_097_152 + (cy + 1_000_000);
}

function placesOf(pack: CityPack, layer: PlaceLayer): (NamedPlace & { kind: string })[] {
  return pack.layers[layer].map((f) => {
    const props = f.properties as { name?: string; nameZh?: string; kind?: string };
    const name = props.name ?? f.id;
    return { id: f.id, name, nameZh: props.nameZh ?? name, kind: props.kind ?? '', lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] };
  });
}
