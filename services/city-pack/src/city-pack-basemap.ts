import type { CityPack } from './city-pack';
import type { RoadClass } from './format/city-pack-format';
import { ringCentre } from './geometry/representative-point';

export type BasemapLayer = 'district' | 'river' | 'lake' | 'road' | 'street' | 'site' | 'restricted';

export interface BasemapFeature {
  type: 'Feature';
  id: string;
  properties: { layer: BasemapLayer; name: string; nameZh: string; roadClass?: string; kind?: string };
  geometry: { type: 'Point' | 'LineString' | 'Polygon'; coordinates: unknown };
}

export interface Basemap {
  type: 'FeatureCollection';
  center: readonly [number, number];
  approximate: boolean;
  features: BasemapFeature[];
}

// Main roads are drawn and named; the street grid under them is drawn thin and unnamed, so the
// wall screen stays readable while trucks visibly drive the real network.
const MAIN_ROAD_CLASSES: readonly RoadClass[] = ['motorway', 'trunk', 'primary', 'secondary'];

/** The offline base map drawn from a pack: `properties.layer` says how the web draws each feature. */
export function cityPackBasemap(pack: CityPack): Basemap {
  const { layers } = pack;
  const zh = (p: { name: string; nameZh?: string | undefined }) => p.nameZh ?? p.name;
  const features: BasemapFeature[] = [
    ...layers.districts.map((d) => ({
      type: 'Feature' as const,
      id: d.id,
      properties: { layer: 'district' as const, name: d.properties.name, nameZh: zh(d.properties) },
      geometry: d.geometry,
    })),
    ...layers.water.map((w) => ({
      type: 'Feature' as const,
      id: w.id,
      properties: { layer: w.properties.kind === 'lake' ? ('lake' as const) : ('river' as const), name: w.properties.name, nameZh: zh(w.properties) },
      geometry: w.geometry,
    })),
    ...layers.roads.map((r) => {
      const main = MAIN_ROAD_CLASSES.includes(r.properties.class) && r.properties.name !== '';
      return {
        type: 'Feature' as const,
        id: r.id,
        properties: { layer: main ? ('road' as const) : ('street' as const), roadClass: r.properties.class, name: r.properties.name, nameZh: zh(r.properties) },
        geometry: r.geometry,
      };
    }),
    // Depots and ambulance stations stay in the pack's sites layer: on the wall screen their names would
    // crowd out the city's (hospitals are drawn: a dispatcher places a call by them).
    ...layers.sites.filter((s) => s.properties.kind !== 'depot' && s.properties.kind !== 'ambulance-station').map((s) => ({
      type: 'Feature' as const,
      id: s.id,
      properties: { layer: 'site' as const, kind: s.properties.kind, name: s.properties.name, nameZh: zh(s.properties) },
      geometry: s.geometry,
    })),
    // Where the alert rules forbid standing (school gates, hospitals' emergency approaches): drawn so a
    // dispatcher sees the place an alert names; unnamed on the map (the alert and the panel name it).
    // A zone is a few tens of metres: its outline shows zoomed in, a mark at its middle zoomed out.
    ...layers['restricted-zones'].flatMap((z) => {
      const properties = { layer: 'restricted' as const, kind: z.properties.kind, name: z.properties.name, nameZh: zh(z.properties) };
      return [
        { type: 'Feature' as const, id: z.id, properties, geometry: z.geometry },
        { type: 'Feature' as const, id: `${z.id}:mark`, properties, geometry: { type: 'Point' as const, coordinates: ringCentre(z.geometry.coordinates[0] ?? []) } },
      ];
    }),
    ...layers.landmarks.map((l) => ({
      type: 'Feature' as const,
      id: l.id,
      properties: { layer: 'site' as const, kind: 'landmark', name: l.properties.name, nameZh: zh(l.properties) },
      geometry: l.geometry,
    })),
  ];
  return { type: 'FeatureCollection', center: pack.manifest.centre, approximate: pack.manifest.approximate, features };
}
