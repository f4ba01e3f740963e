import { z, type ZodTypeAny } from 'zod';
import { HOSPITAL_CARE, type LayerKind, RESTRICTED_ZONE_KINDS, ROAD_CLASSES, SITE_KINDS } from './city-pack-format';

export type Position = [lon: number, lat: number];
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  /** Outer ring first, then holes; every ring closed (first position repeated last). */
  coordinates: Position[][];
}
export type PackGeometry = PointGeometry | LineStringGeometry | PolygonGeometry;

export interface PackFeature<G extends PackGeometry, P> {
  type: 'Feature';
  id: string;
  geometry: G;
  properties: P;
}

const name = z.string().min(1, 'must not be empty');
const nameZh = z.string().optional();

// Properties of each layer's features. Unknown extra properties are kept: a pack editor may add their own.
export const LAYER_PROPERTIES = {
  districts: z.object({ name, nameZh }).passthrough(),
  roads: z
    .object({
      // Unnamed service roads and lanes are part of the graph, so a road's name may be empty.
      name: z.string(),
      nameZh,
      class: z.enum(ROAD_CLASSES),
      oneway: z.boolean(),
      bridge: z.boolean().optional(),
    })
    .passthrough(),
  water: z.object({ kind: z.enum(['river', 'lake']), name: z.string(), nameZh }).passthrough(),
  sites: z
    .object({
      kind: z.enum(SITE_KINDS),
      name,
      nameZh,
      // The fleet a depot or station serves, by its descriptor's name ("trucks", "ambulances"); any fleet the product has.
      fleet: z.string().min(1).optional(),
      // Hospitals: what their emergency department takes (HOSPITAL_CARE), for "the nearest suitable hospital".
      treats: z.array(z.enum(HOSPITAL_CARE)).optional(),
      // Ambulance stations: how many ambulances are based there.
      ambulances: z.number().int().nonnegative().optional(),
    })
    .passthrough(),
  'collection-points': z.object({ roadId: z.string().min(1), name: z.string().optional(), nameZh }).passthrough(),
  'bike-fences': z.object({ capacity: z.number().int().positive(), name: z.string().optional(), nameZh }).passthrough(),
  'lake-docks': z.object({ name, nameZh }).passthrough(),
  'cleanup-zones': z.object({ name, nameZh }).passthrough(),
  corridors: z
    .object({ name, nameZh, cycleS: z.number().positive(), designSpeedKmh: z.number().positive(), roadId: z.string().optional() })
    .passthrough(),
  intersections: z.object({ corridorId: z.string().min(1), order: z.number().int().nonnegative(), distanceM: z.number().nonnegative(), name: z.string().optional(), nameZh }).passthrough(),
  landmarks: z.object({ name, nameZh, kind: z.string().optional() }).passthrough(),
  // Where vehicles must not stand and bikes must not be left: a school's gate, a hospital's emergency approach.
  'restricted-zones': z.object({ name, nameZh, kind: z.enum(RESTRICTED_ZONE_KINDS) }).passthrough(),
} satisfies Record<LayerKind, ZodTypeAny>;

export type DistrictFeature = PackFeature<PolygonGeometry, z.infer<(typeof LAYER_PROPERTIES)['districts']>>;
export type RoadFeature = PackFeature<LineStringGeometry, z.infer<(typeof LAYER_PROPERTIES)['roads']>>;
export type WaterFeature = PackFeature<LineStringGeometry | PolygonGeometry, z.infer<(typeof LAYER_PROPERTIES)['water']>>;
export type SiteFeature = PackFeature<PointGeometry, z.infer<(typeof LAYER_PROPERTIES)['sites']>>;
export type CollectionPointFeature = PackFeature<PointGeometry, z.infer<(typeof LAYER_PROPERTIES)['collection-points']>>;
export type BikeFenceFeature = PackFeature<PolygonGeometry, z.infer<(typeof LAYER_PROPERTIES)['bike-fences']>>;
export type LakeDockFeature = PackFeature<PointGeometry, z.infer<(typeof LAYER_PROPERTIES)['lake-docks']>>;
export type CleanupZoneFeature = PackFeature<PolygonGeometry, z.infer<(typeof LAYER_PROPERTIES)['cleanup-zones']>>;
export type CorridorFeature = PackFeature<LineStringGeometry, z.infer<(typeof LAYER_PROPERTIES)['corridors']>>;
export type IntersectionFeature = PackFeature<PointGeometry, z.infer<(typeof LAYER_PROPERTIES)['intersections']>>;
export type LandmarkFeature = PackFeature<PointGeometry, z.infer<(typeof LAYER_PROPERTIES)['landmarks']>>;
export type RestrictedZoneFeature = PackFeature<PolygonGeometry, z.infer<(typeof LAYER_PROPERTIES)['restricted-zones']>>;

/** Every layer of a loaded pack, by kind. */
export interface CityPackLayers {
  districts: DistrictFeature[];
  roads: RoadFeature[];
  water: WaterFeature[];
  sites: SiteFeature[];
  'collection-points': CollectionPointFeature[];
  'bike-fences': BikeFenceFeature[];
  'lake-docks': LakeDockFeature[];
  'cleanup-zones': CleanupZoneFeature[];
  corridors: CorridorFeature[];
  intersections: IntersectionFeature[];
  landmarks: LandmarkFeature[];
  'restricted-zones': RestrictedZoneFeature[];
}

/** Which geometry a feature of this kind must have (water depends on its `kind` property). */
export function expectedGeometry(kind: LayerKind, properties: Record<string, unknown>): PackGeometry['type'] {
  switch (kind) {
    case 'districts':
    case 'bike-fences':
    case 'cleanup-zones':
    case 'restricted-zones':
      return 'Polygon';
    case 'roads':
    case 'corridors':
      return 'LineString';
    case 'water':
      return properties.kind === 'lake' ? 'Polygon' : 'LineString';
    case 'sites':
    case 'collection-points':
    case 'lake-docks':
    case 'intersections':
    case 'landmarks':
      return 'Point';
  }
}
