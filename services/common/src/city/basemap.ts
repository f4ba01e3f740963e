import { DISTRICTS, ROADS, SITES, TIANCHENGHU_LAKE, TUO_RIVER, CITY_CENTRE } from './neijiang-centre';

type Feature = { type: 'Feature'; id: string; properties: Record<string, string>; geometry: { type: string; coordinates: unknown } };

/** The offline base map as one GeoJSON FeatureCollection; `layer` says how to draw each feature. */
export function basemapFeatureCollection(): { type: 'FeatureCollection'; center: readonly [number, number]; approximate: true; features: Feature[] } {
  const features: Feature[] = [
    ...DISTRICTS.map((d) => ({
      type: 'Feature' as const,
      id: `district:${d.id}`,
      properties: { layer: 'district', name: d.name, nameZh: d.nameZh },
      geometry: { type: 'Polygon', coordinates: [d.coordinates] },
    })),
    {
      type: 'Feature',
      id: 'river:tuo',
      properties: { layer: 'river', name: 'Tuo River', nameZh: '沱江' },
      geometry: { type: 'LineString', coordinates: TUO_RIVER },
    },
    {
      type: 'Feature',
      id: `lake:${TIANCHENGHU_LAKE.id}`,
      properties: { layer: 'lake', name: TIANCHENGHU_LAKE.name, nameZh: TIANCHENGHU_LAKE.nameZh },
      geometry: { type: 'Polygon', coordinates: [TIANCHENGHU_LAKE.coordinates] },
    },
    ...ROADS.map((r) => ({
      type: 'Feature' as const,
      id: `road:${r.id}`,
      properties: { layer: 'road', roadClass: r.roadClass, name: r.name, nameZh: r.nameZh },
      geometry: { type: 'LineString', coordinates: r.coordinates },
    })),
    ...SITES.map((s) => ({
      type: 'Feature' as const,
      id: `site:${s.id}`,
      properties: { layer: 'site', kind: s.kind, name: s.name, nameZh: s.nameZh },
      geometry: { type: 'Point', coordinates: s.position },
    })),
  ];
  return { type: 'FeatureCollection', center: CITY_CENTRE, approximate: true, features };
}
