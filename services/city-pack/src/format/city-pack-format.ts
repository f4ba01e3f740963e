// The on-disk contract of a city pack. Bump CITY_PACK_FORMAT_VERSION when a change would make an old
// loader misread a new pack (a removed or retyped property); new optional properties need no bump.
export const CITY_PACK_FORMAT = 'urban-brain.city-pack';
export const CITY_PACK_FORMAT_VERSION = 1;
export const CITY_PACK_MANIFEST_FILE = 'manifest.json';

/** Every layer a pack lists, in the order the manifest lists them. A layer may be empty, never missing. */
export const LAYER_KINDS = [
  'districts',
  'roads',
  'water',
  'sites',
  'collection-points',
  'bike-fences',
  'lake-docks',
  'cleanup-zones',
  'corridors',
  'intersections',
  'landmarks',
  'restricted-zones',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * Layers added to format version 1 after packs were written with it: a manifest may leave them out (they load
 * empty), so an older pack still loads. Writers always list them.
 */
export const LAYERS_ADDED_LATER: readonly LayerKind[] = ['restricted-zones'];

/** What a restricted zone protects: the pavement at a school's gate, the approach to a hospital's emergency entrance. */
export const RESTRICTED_ZONE_KINDS = ['school-gate', 'hospital-entrance'] as const;
export type RestrictedZoneKind = (typeof RESTRICTED_ZONE_KINDS)[number];

export const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export const SITE_KINDS = ['transfer-station', 'waste-to-energy-plant', 'depot', 'hospital', 'ambulance-station'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What a hospital's emergency department takes in; an emergency call needs one of them. */
export const HOSPITAL_CARE = ['general', 'trauma', 'cardiac', 'stroke', 'paediatric', 'obstetric'] as const;
export type HospitalCare = (typeof HOSPITAL_CARE)[number];
