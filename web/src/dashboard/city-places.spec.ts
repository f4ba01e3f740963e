import { describe, expect, it } from 'vitest';
import { corridorsOfIntersectionsFrom, districtAt, districtsFrom, namesFrom } from './city-places';

const square = (west: number, south: number, size: number): [number, number][] => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

const body = {
  type: 'FeatureCollection',
  features: [
    { id: 'district:a', properties: { name: 'Shizhong', nameZh: '市中区' }, geometry: { type: 'Polygon', coordinates: [square(105, 29.5, 0.1)] } },
    { id: 'district:b', properties: { name: 'Dongxing', nameZh: '东兴区' }, geometry: { type: 'MultiPolygon', coordinates: [[square(105.2, 29.5, 0.01)], [square(105.1, 29.5, 0.1)]] } },
    { id: 'district:broken', properties: {}, geometry: { type: 'Point', coordinates: [105, 29] } },
  ],
};

describe('city places', () => {
  it('reads districts with names, ring and bounds, skipping what is not an area', () => {
    const districts = districtsFrom(body);
    expect(districts.map((d) => d.id)).toEqual(['district:a', 'district:b']);
    expect(districts[0]!.nameZh).toBe('市中区');
    expect(districts[0]!.bounds).toEqual([105, 29.5, 105.1, 29.6]);
  });

  it('finds the district holding a point, and none outside them', () => {
    const districts = districtsFrom(body);
    expect(districtAt(districts, 105.05, 29.55)?.name).toBe('Shizhong');
    expect(districtAt(districts, 105.15, 29.55)?.name).toBe('Dongxing');
    expect(districtAt(districts, 104.9, 29.55)).toBeNull();
  });

  it('names features by id', () => {
    expect(namesFrom({ features: [{ id: 'corridor:x', properties: { name: 'Daqian Road', nameZh: '大千路' } }] }).get('corridor:x')).toEqual({ name: 'Daqian Road', nameZh: '大千路' });
  });

  it('maps each intersection to its corridor, skipping one without', () => {
    const corridors = corridorsOfIntersectionsFrom({ features: [{ id: 'intersection:x-01', properties: { corridorId: 'corridor:x' } }, { id: 'intersection:lone', properties: {} }] });
    expect([...corridors]).toEqual([['intersection:x-01', 'corridor:x']]);
  });
});
