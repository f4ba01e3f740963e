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
});
