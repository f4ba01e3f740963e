import { describe, expect, it } from 'vitest';
import { cityPackBasemap } from './city-pack-basemap';
import { DEFAULT_CITY_PACK_DIR } from './default-city-pack-dir';
import { loadCityPack } from './load-city-pack';
import { road, writeTinyPack } from './testing/tiny-city-pack.fixture';

describe('cityPackBasemap', () => {
  it('splits named main roads from the street grid and falls back to the name when nameZh is missing', () => {
    const pack = loadCityPack(
      writeTinyPack((layers) => {
        layers.roads.push({ ...road('road:avenue', [[105, 29.5], [105.002, 29.5]]), properties: { name: 'Avenue', class: 'primary', oneway: false } });
        layers.roads.push({ ...road('road:nameless', [[105, 29.5], [105.002, 29.502]]), properties: { name: '', class: 'trunk', oneway: false } });
      }),
    );
    const byId = new Map(cityPackBasemap(pack).features.map((f) => [f.id, f.properties]));
    expect(byId.get('road:avenue')).toEqual({ layer: 'road', roadClass: 'primary', name: 'Avenue', nameZh: 'Avenue' });
    expect(byId.get('road:nameless')).toMatchObject({ layer: 'street', roadClass: 'trunk' });
    expect(byId.get('road:row0')).toMatchObject({ layer: 'street', roadClass: 'residential' });
    expect(byId.get('water:pond')).toMatchObject({ layer: 'lake', name: 'Pond' });
    expect(byId.get('district:tiny')).toMatchObject({ layer: 'district' });
  });

  it('draws the default pack with its facilities, hospitals and landmarks as sites, but not its depots or ambulance stations', () => {
    const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
    const sites = cityPackBasemap(pack).features.filter((f) => f.properties.layer === 'site');
    expect(sites.map((s) => s.properties.kind).sort()).toEqual([...Array(5).fill('hospital'), 'landmark', 'landmark', 'landmark', 'landmark', 'transfer-station', 'waste-to-energy-plant']);
    expect(sites.find((s) => s.id === 'landmark:tongziba-bridge')?.properties.nameZh).toBe('桐梓坝大桥');
  });

  it("draws the pack's restricted zones as their own layer, with their kind and both names", () => {
    const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
    const restricted = cityPackBasemap(pack).features.filter((f) => f.properties.layer === 'restricted');
    const zones = restricted.filter((f) => f.geometry.type === 'Polygon');
    expect(zones.map((z) => z.id).sort()).toEqual(pack.layers['restricted-zones'].map((z) => z.id).sort());
    // And a mark at each one's middle, for the zoomed-out map.
    for (const zone of pack.layers['restricted-zones']) {
      const mark = restricted.find((f) => f.id === `${zone.id}:mark`)!;
      expect(mark.geometry.type).toBe('Point');
      const [lon, lat] = mark.geometry.coordinates as [number, number];
      const ring = zone.geometry.coordinates[0]!;
      expect(lon).toBeGreaterThan(Math.min(...ring.map((p) => p[0]!)));
      expect(lon).toBeLessThan(Math.max(...ring.map((p) => p[0]!)));
      expect(lat).toBeGreaterThan(Math.min(...ring.map((p) => p[1]!)));
      expect(lat).toBeLessThan(Math.max(...ring.map((p) => p[1]!)));
      expect(mark.properties).toEqual(restricted.find((f) => f.id === zone.id)!.properties);
    }
    const kinds = zones.map((z) => z.properties.kind);
    expect(kinds.filter((k) => k === 'school-gate').length).toBe(pack.layers['restricted-zones'].filter((z) => z.properties.kind === 'school-gate').length);
    expect(new Set(kinds)).toEqual(new Set(['school-gate', 'hospital-entrance']));
    for (const zone of zones) {
      expect(zone.properties.nameZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
