import { describe, expect, it } from 'vitest';
import { basemapLabels } from './basemap-labels';
import { basemapBounds, type BasemapFeature } from './use-basemap';

const CENTRE: [number, number] = [105.1, 29.1];

const features: BasemapFeature[] = [
  {
    type: 'Feature',
    id: 'district:a',
    properties: { layer: 'district', name: 'Shizhong', nameZh: '市中区' },
    geometry: { type: 'Polygon', coordinates: [[[105, 29], [105.2, 29], [105.2, 29.2], [105, 29.2], [105, 29]]] },
  },
  {
    // An L-shaped lake: its vertex average (105.0625, 29.0625) lies outside the water.
    type: 'Feature',
    id: 'lake:l',
    properties: { layer: 'lake', name: 'L Lake', nameZh: 'L湖' },
    geometry: { type: 'Polygon', coordinates: [[[105, 29], [105.1, 29], [105.1, 29.02], [105.02, 29.02], [105.02, 29.1], [105, 29.1], [105, 29]]] },
  },
  {
    type: 'Feature',
    id: 'road:east-west',
    properties: { layer: 'road', name: 'Flat Road', nameZh: '平路', roadClass: 'trunk' },
    geometry: { type: 'LineString', coordinates: [[105, 29.1], [105.1, 29.1], [105.2, 29.1]] },
  },
  {
    type: 'Feature',
    id: 'road:south-north',
    properties: { layer: 'road', name: 'Steep Road', nameZh: '陡路', roadClass: 'primary' },
    geometry: { type: 'LineString', coordinates: [[105.1, 29.0], [105.1, 29.1]] },
  },
  {
    type: 'Feature',
    id: 'river:r',
    properties: { layer: 'river', name: 'River', nameZh: '江' },
    geometry: { type: 'LineString', coordinates: [[105, 29], [105.01, 29], [105.02, 29], [105.03, 29], [105.04, 29], [105.05, 29]] },
  },
  { type: 'Feature', id: 'site:west', properties: { layer: 'site', name: 'West', nameZh: '西', kind: 'landmark' }, geometry: { type: 'Point', coordinates: [105.0, 29.3] } },
  { type: 'Feature', id: 'site:east', properties: { layer: 'site', name: 'East', nameZh: '东', kind: 'depot' }, geometry: { type: 'Point', coordinates: [105.3, 29.3] } },
];

const label = (id: string) => basemapLabels(features, CENTRE).find((l) => l.id === id)!;

describe('basemap labels', () => {
  it('carries each name in both languages, the English one standing in when the pack has no Chinese', () => {
    const labels = basemapLabels([...features, { type: 'Feature', id: 'site:x', properties: { layer: 'site', name: 'Only English', nameZh: '', kind: 'landmark' }, geometry: { type: 'Point', coordinates: [105.2, 29.2] } }], CENTRE);
    expect(labels.find((l) => l.id === 'district:a')).toMatchObject({ text: 'Shizhong', textZh: '市中区' });
    expect(labels.find((l) => l.id === 'road:east-west')).toMatchObject({ text: 'Flat Road', textZh: '平路' });
    expect(labels.find((l) => l.id === 'site:x')).toMatchObject({ text: 'Only English', textZh: 'Only English' });
  });

  it('names no restricted zone on the map (the alert and the entity panel name it)', () => {
    const zone: BasemapFeature = {
      type: 'Feature',
      id: 'restricted:school-gate',
      properties: { layer: 'restricted', name: 'School gate', nameZh: '校门', kind: 'school-gate' },
      geometry: { type: 'Polygon', coordinates: [[[105.05, 29.05], [105.051, 29.05], [105.051, 29.051], [105.05, 29.05]]] },
    };
    expect(basemapLabels([...features, zone], CENTRE).map((l) => l.id)).not.toContain('restricted:school-gate');
  });

  it('puts an area name at its innermost point, inside even a bent shape', () => {
    const district = basemapLabels(features.slice(0, 1), CENTRE)[0]!;
    expect(district.kind).toBe('district');
    expect(district.position[0]).toBeCloseTo(105.1, 1);
    expect(district.position[1]).toBeCloseTo(29.1, 1);
    const [lon, lat] = label('lake:l').position;
    const inLake = (lat >= 29 && lat <= 29.02 && lon >= 105 && lon <= 105.1) || (lon >= 105 && lon <= 105.02 && lat >= 29 && lat <= 29.1);
    expect(inLake).toBe(true);
  });

  it('keeps an area name off the roads crossing it', () => {
    const square: BasemapFeature = {
      type: 'Feature',
      id: 'district:crossed',
      properties: { layer: 'district', name: 'Crossed', nameZh: '十' },
      geometry: { type: 'Polygon', coordinates: [[[105, 29], [105.2, 29], [105.2, 29.2], [105, 29.2]]] },
    };
    const cross = (id: string, coordinates: [number, number][]): BasemapFeature => ({
      type: 'Feature',
      id,
      properties: { layer: 'road', name: id, nameZh: id, roadClass: 'trunk' },
      geometry: { type: 'LineString', coordinates },
    });
    const [lon, lat] = basemapLabels([square, cross('ew', [[105, 29.1], [105.2, 29.1]]), cross('ns', [[105.1, 29], [105.1, 29.2]])], CENTRE)[0]!.position;
    // The centre is where the roads cross; the name goes into one of the four quarters instead.
    expect(Math.abs(lon - 105.1)).toBeGreaterThan(0.03);
    expect(Math.abs(lat - 29.1)).toBeGreaterThan(0.03);
  });

  it('keeps an area name inside the part of the area in view', () => {
    const [lon, lat] = basemapLabels(features.slice(0, 1), CENTRE, [105.15, 29.15, 105.4, 29.4])[0]!.position;
    expect(lon).toBeGreaterThan(105.15);
    expect(lon).toBeLessThan(105.2);
    expect(lat).toBeGreaterThan(29.15);
    expect(lat).toBeLessThan(29.2);
  });

  it('sets a road name along the road, beside it rather than on it, never upside down', () => {
    const flat = label('road:east-west');
    expect(flat.kind).toBe('road');
    expect(flat.rotationDeg).toBe(0);
    expect(flat.awayFromLine).toEqual([0, -1]); // above the road
    const steep = label('road:south-north');
    expect(Math.abs(steep.rotationDeg)).toBe(90);
    expect(Math.hypot(...steep.awayFromLine)).toBeCloseTo(1, 6);
    expect(steep.awayFromLine[1]).toBe(0); // beside a vertical road
  });

  it('names no grid street and no unnamed road', () => {
    const street: BasemapFeature = {
      type: 'Feature',
      id: 'road:lane-1',
      properties: { layer: 'street', name: 'Shizhong Lane 1', nameZh: '市中1巷', roadClass: 'residential' },
      geometry: { type: 'LineString', coordinates: [[105, 29.05], [105.1, 29.05]] },
    };
    const unnamed: BasemapFeature = { ...street, id: 'road:unnamed', properties: { layer: 'road', name: '', nameZh: '', roadClass: 'primary' } };
    const ids = basemapLabels([...features, street, unnamed], CENTRE).map((l) => l.id);
    expect(ids).not.toContain('road:lane-1');
    expect(ids).not.toContain('road:unnamed');
    expect(ids).toContain('road:east-west');
  });

  it('puts the river name upstream, not mid-river', () => {
    const river = label('river:r');
    expect(river.kind).toBe('river');
    expect(river.position[0]).toBeLessThan(105.025);
  });

  it('leaves hospitals unnamed on the map (their site is drawn; the panels name them)', () => {
    const hospital = { type: 'Feature' as const, id: 'site:hospital-x', properties: { layer: 'site' as const, name: 'Some Hospital', nameZh: '某医院', kind: 'hospital' }, geometry: { type: 'Point' as const, coordinates: [105.1, 29.2] as [number, number] } };
    expect(basemapLabels([...features, hospital], CENTRE).map((l) => l.id)).not.toContain('site:hospital-x');
    expect(basemapLabels(features, CENTRE).map((l) => l.id)).toContain('site:west');
  });

  it('turns site names towards the middle of the city', () => {
    expect(label('site:west')).toMatchObject({ kind: 'site', position: [105.0, 29.3], side: 'right' });
    expect(label('site:east').side).toBe('left');
  });

  it('computes the bounds of all geometry, or of some kinds only', () => {
    const basemap = { type: 'FeatureCollection' as const, center: CENTRE, features };
    expect(basemapBounds(basemap)).toEqual([105, 29, 105.3, 29.3]);
    expect(basemapBounds(basemap, ['road'])).toEqual([105, 29, 105.2, 29.1]);
    expect(basemapBounds(basemap, ['road', 'site'])).toEqual([105, 29, 105.3, 29.3]);
  });
});
