import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Polyline } from '@urban-brain/common';
import type { CityPack } from '../city-pack';
import { DEFAULT_CITY_PACK_DIR } from '../default-city-pack-dir';
import { HOSPITAL_CARE, LAYER_KINDS } from '../format/city-pack-format';
import { loadCityPack } from '../load-city-pack';
import { buildNeijiangPack } from './build-neijiang-pack';
import { ROADS } from './neijiang-centre';

const key = (p: readonly number[]) => `${p[0]},${p[1]}`;

describe('the default pack, city-packs/neijiang', () => {
  let pack: CityPack;
  beforeAll(() => {
    pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
  });

  it('is what the generator writes (regenerate with build-neijiang-pack.cli after changing it)', () => {
    const { manifest, layers } = buildNeijiangPack();
    expect(JSON.parse(readFileSync(path.join(DEFAULT_CITY_PACK_DIR, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const kind of LAYER_KINDS) {
      const onDisk = JSON.parse(readFileSync(path.join(DEFAULT_CITY_PACK_DIR, `${kind}.geojson`), 'utf8')) as { features: unknown[] };
      expect(onDisk.features, kind).toEqual(layers[kind]);
    }
  });

  it('is marked approximate and sits on central Neijiang', () => {
    expect(pack.manifest).toMatchObject({ id: 'neijiang', approximate: true });
    expect(pack.manifest.approximateNote).toContain('not surveyed');
    const [lon, lat] = pack.manifest.centre;
    expect(lon).toBeCloseTo(105.06, 1);
    expect(lat).toBeCloseTo(29.58, 1);
  });

  it('has the fleets\u2019 numbers: ~250 fences, 14 corridors of 30-38 km, ~120 intersections, 150-300 collection points', () => {
    expect(pack.layers['bike-fences']).toHaveLength(250);
    expect(pack.corridors).toHaveLength(14);
    const km = pack.corridors.reduce((sum, c) => sum + c.line.lengthM, 0) / 1000;
    expect(km).toBeGreaterThanOrEqual(30);
    expect(km).toBeLessThanOrEqual(38);
    expect(pack.layers.intersections.length).toBeGreaterThanOrEqual(100);
    expect(pack.layers.intersections.length).toBeLessThanOrEqual(140);
    expect(pack.layers['collection-points'].length).toBeGreaterThanOrEqual(150);
    expect(pack.layers['collection-points'].length).toBeLessThanOrEqual(300);
    const names = pack.corridors.map((c) => c.feature.properties.nameZh);
    for (const road of ['汉安大道', '大千路', '汉渝大道', '北环路', '平安路']) expect(names.some((n) => n?.startsWith(road)), road).toBe(true);
  });

  it('starts from a sketch whose main roads are each 1-15 km long', () => {
    for (const road of ROADS) {
      const length = new Polyline(road.coordinates).lengthM;
      expect(length, road.name).toBeGreaterThan(1000);
      expect(length, road.name).toBeLessThan(15_000);
    }
  });

  it('keeps the sketch\u2019s road names and adds a street grid', () => {
    const names = pack.layers.roads.map((r) => r.properties.name);
    for (const name of ["Han'an Avenue", 'Daqian Road', 'Hanyu Avenue', 'Beihuan Road', "Ping'an Road", 'National Road 321', 'Xinjiang Road', 'Dongxing Avenue']) {
      expect(names).toContain(name);
    }
    expect(pack.layers.roads.length).toBeGreaterThan(100);
  });

  it('is one road network: every road can be reached from the transfer station, along the roads', () => {
    const station = pack.layers.sites.find((s) => s.properties.kind === 'transfer-station')!.geometry.coordinates;
    // Consecutive vertices of some road: a route may only step along these.
    const steps = new Set<string>();
    const vertices = new Set<string>();
    for (const road of pack.layers.roads) {
      const c = road.geometry.coordinates;
      c.forEach((p) => vertices.add(key(p)));
      for (let i = 1; i < c.length; i++) {
        steps.add(`${key(c[i - 1]!)}>${key(c[i]!)}`);
        steps.add(`${key(c[i]!)}>${key(c[i - 1]!)}`);
      }
    }
    for (const road of pack.layers.roads) {
      const c = road.geometry.coordinates;
      const target = c[Math.floor(c.length / 2)]!;
      const route = pack.route(station, target);
      expect(route, road.id).not.toBeNull();
      expect(route!.to.distanceM).toBeLessThan(0.01);
      const inner = route!.coordinates.slice(1, -1);
      for (const p of inner) expect(vertices.has(key(p)), `${road.id}: ${key(p)} is not a road vertex`).toBe(true);
      for (let i = 1; i < inner.length; i++) expect(steps.has(`${key(inner[i - 1]!)}>${key(inner[i]!)}`), `${road.id}: step ${i}`).toBe(true);
      expect(route!.lengthM).toBeGreaterThanOrEqual(pack.projection.distanceM(route!.from.point, route!.to.point) - 1e-6);
    }
  });

  it('puts the transfer station on National Road 321 in Dongxing', () => {
    const station = pack.layers.sites.find((s) => s.properties.kind === 'transfer-station')!;
    expect(pack.districtAt(station.geometry.coordinates)?.id).toBe('district:dongxing');
    expect(pack.nearestRoad(station.geometry.coordinates)).toMatchObject({ roadId: 'road:g321' });
    expect(pack.nearestRoad(station.geometry.coordinates)!.distanceM).toBeLessThan(1);
  });

  it('has the ambulance service: hospitals for every kind of emergency, 40 ambulances at 8 stations, each reachable by road from every hospital', () => {
    const hospitals = pack.layers.sites.filter((s) => s.properties.kind === 'hospital');
    const stations = pack.layers.sites.filter((s) => s.properties.kind === 'ambulance-station');
    expect(hospitals.length).toBeGreaterThanOrEqual(4);
    for (const care of HOSPITAL_CARE) expect(hospitals.some((h) => h.properties.treats?.includes(care)), care).toBe(true);
    expect(stations).toHaveLength(8);
    expect(stations.reduce((n, s) => n + (s.properties.ambulances ?? 0), 0)).toBe(40);
    for (const site of [...hospitals, ...stations]) {
      expect(site.properties.nameZh, site.id).toMatch(/[\u4e00-\u9fff]/);
      expect(pack.districtAt(site.geometry.coordinates), site.id).not.toBeNull();
      for (const hospital of hospitals) expect(pack.route(site.geometry.coordinates, hospital.geometry.coordinates), `${site.id} -> ${hospital.id}`).not.toBeNull();
    }
  });

  it('keeps cleanup zones in the lake, docks on its shore, fences off it and beside a road', () => {
    for (const zone of pack.layers['cleanup-zones']) {
      for (const p of zone.geometry.coordinates[0]!) expect(pack.inLake(p), zone.id).toBe(true);
    }
    for (const dock of pack.layers['lake-docks']) expect(pack.lakeAt(dock.geometry.coordinates)?.id).toBe('water:tianchenghu');
    for (const fence of pack.layers['bike-fences']) {
      const ring = fence.geometry.coordinates[0]!;
      const centre: [number, number] = [(ring[0]![0] + ring[2]![0]) / 2, (ring[0]![1] + ring[2]![1]) / 2];
      expect(pack.inLake(centre), fence.id).toBe(false);
      expect(pack.fenceAt(centre)?.id).toBe(fence.id);
      expect(pack.fencesNear(centre, 5)[0]).toEqual({ fence, distanceM: 0 });
      expect(pack.nearestRoad(centre)!.distanceM).toBeLessThan(20);
    }
  });

  it('finds fences near a point the same way a full scan does', () => {
    const centre = pack.manifest.centre;
    for (const radius of [50, 300, 1000]) {
      const fast = pack.fencesNear(centre, radius).map((h) => h.fence.id).sort();
      const slow = pack.layers['bike-fences']
        .filter((f) => f.geometry.coordinates[0]!.some((p) => pack.projection.distanceM(p, centre) <= radius))
        .map((f) => f.id)
        .sort();
      // A fence whose nearest point is an edge (not a corner) may be in `fast` only; corners within reach must all be found.
      expect(fast).toEqual(expect.arrayContaining(slow));
      expect(fast.length).toBeLessThanOrEqual(slow.length + 2);
    }
    expect(pack.fencesNear(centre, 1000).length).toBeGreaterThan(0);
  });

  it('measures corridors: position at a distance and distance at a position agree, intersections sit in order', () => {
    for (const corridor of pack.corridors) {
      const id = corridor.feature.id;
      for (const f of [0.1, 0.5, 0.9]) {
        const d = f * corridor.line.lengthM;
        const { position } = pack.positionAlongCorridor(id, d);
        const back = pack.distanceAlongCorridor(id, position);
        expect(back.distanceM).toBeCloseTo(d, 1);
        expect(back.offsetM).toBeLessThan(0.01);
      }
      const distances = corridor.intersections.map((x) => x.properties.distanceM);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(corridor.intersections.length).toBeGreaterThanOrEqual(3);
    }
    expect(() => pack.positionAlongCorridor('corridor:nowhere', 0)).toThrow(/no corridor "corridor:nowhere"/);
  });
});
