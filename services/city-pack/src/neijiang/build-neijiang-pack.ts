import { CityPack } from '../city-pack';
import { CITY_PACK_FORMAT, CITY_PACK_FORMAT_VERSION, type HospitalCare } from '../format/city-pack-format';
import type {
  BikeFenceFeature,
  CityPackLayers,
  CleanupZoneFeature,
  CollectionPointFeature,
  CorridorFeature,
  IntersectionFeature,
  LakeDockFeature,
  LandmarkFeature,
  Position,
  RestrictedZoneFeature,
  RoadFeature,
  SiteFeature,
} from '../format/city-pack-layers.schema';
import type { CityPackManifest } from '../format/city-pack-manifest.schema';
import { LocalProjection, nearestOnSegment, type XY } from '../geometry/local-projection';
import { MeasuredLine } from '../geometry/measured-line';
import { polygonContains } from '../geometry/point-in-polygon';
import { layerEntries } from '../write-city-pack';
import { CITY_CENTRE, DISTRICTS, SITES, TIANCHENGHU_LAKE, TUO_RIVER } from './neijiang-centre';
import { NEIJIANG_CORRIDORS, NEIJIANG_MAIN_ROADS } from './neijiang-main-roads';
import { type DraftRoad, largestComponent, nodeRoads, round6 } from './node-roads';

// Everything here is deterministic: no randomness, no clock. Running the CLI twice writes the same bytes.

const projection = new LocalProjection(CITY_CENTRE);
const GRID = { west: 105.014, east: 105.126, south: 29.548, north: 29.624, lonStep: 0.0033, latStep: 0.003 };
const SAMPLE_M = 40;
const URBAN_REACH_M = 1100; // streets exist within this distance of a main road
const RIVER_CLEARANCE_M = 70;
const MIN_STREET_M = 250;
const COLLECTION_POINTS = 220;
const FENCES = 250;
const FENCE_CORE_RADIUS_M = 2800;
const MIN_INTERSECTION_GAP_M = 150;

type RoadProps = RoadFeature['properties'];
const zhOf = (p: { name: string; nameZh?: string | undefined }): string => p.nameZh ?? p.name;
const pt = (p: readonly [number, number]): Position => [round6(p[0]), round6(p[1])];

export function buildNeijiangPack(): { manifest: CityPackManifest; layers: CityPackLayers } {
  const lakeRing = TIANCHENGHU_LAKE.coordinates.map(pt);
  const river = TUO_RIVER.map(pt);
  const roads = buildRoads(lakeRing, river);
  const empty: CityPackLayers = {
    districts: DISTRICTS.map((d) => ({ type: 'Feature', id: `district:${d.id}`, properties: { name: d.name, nameZh: d.nameZh }, geometry: { type: 'Polygon', coordinates: [d.coordinates.map(pt)] } })),
    roads,
    water: [
      { type: 'Feature', id: 'water:tuo-river', properties: { kind: 'river', name: 'Tuo River', nameZh: '沱江' }, geometry: { type: 'LineString', coordinates: river } },
      { type: 'Feature', id: `water:${TIANCHENGHU_LAKE.id}`, properties: { kind: 'lake', name: TIANCHENGHU_LAKE.name, nameZh: TIANCHENGHU_LAKE.nameZh }, geometry: { type: 'Polygon', coordinates: [lakeRing] } },
    ],
    sites: [],
    'collection-points': [],
    'bike-fences': [],
    'lake-docks': [],
    'cleanup-zones': [],
    corridors: [],
    intersections: [],
    landmarks: [],
    'restricted-zones': [],
  };
  const manifestDraft = manifestFor(empty);
  // A pack of the network alone answers "nearest road" and "in the lake" while the other layers are placed.
  const network = new CityPack(manifestDraft, empty);
  const { corridors, intersections } = buildCorridors(roads);
  const docks = buildDocks(lakeRing);
  const layers: CityPackLayers = {
    ...empty,
    sites: buildSites(network, docks),
    'collection-points': buildCollectionPoints(roads),
    'bike-fences': buildFences(roads, network),
    'lake-docks': docks,
    'cleanup-zones': buildCleanupZones(lakeRing),
    corridors,
    intersections,
    landmarks: buildLandmarks(),
    'restricted-zones': buildRestrictedZones(network, roads),
  };
  return { manifest: manifestFor(layers), layers };
}

function manifestFor(layers: CityPackLayers): CityPackManifest {
  return {
    format: CITY_PACK_FORMAT,
    formatVersion: CITY_PACK_FORMAT_VERSION,
    id: 'neijiang',
    name: 'Neijiang (central city)',
    nameZh: '内江（中心城区）',
    centre: [CITY_CENTRE[0], CITY_CENTRE[1]],
    bbox: bboxOf(layers),
    approximate: true,
    approximateNote:
      'Real-shaped but not surveyed. The river, lake, districts and the ten main roads are hand-drawn from memory of the map; ' +
      "the names of Han'an Avenue, Daqian Road, Hanyu Avenue, Beihuan Road, Ping'an Road, National Road 321, the Tongziba bridge and " +
      'the Xilin old ferry come from the 2023 press conference (DOMAIN.md). The street grid, its lane names, collection points, bike ' +
      'fences, docks, cleanup zones, school gates, depots, signal positions and the other landmark positions are generated, not real. ' +
      'Replace with a converted OpenStreetMap extract (scripts/osm-to-city-pack.sh) for real geometry.',
    attribution: 'Urban Brain approximate sketch of central Neijiang; no third-party map data.',
    source: 'services/city-pack/src/neijiang/build-neijiang-pack.cli.ts',
    layers: layerEntries(layers),
  };
}

function bboxOf(layers: CityPackLayers): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: readonly number[]) => {
    w = Math.min(w, p[0]!);
    e = Math.max(e, p[0]!);
    s = Math.min(s, p[1]!);
    n = Math.max(n, p[1]!);
  };
  for (const features of Object.values(layers) as { geometry: { type: string; coordinates: unknown } }[][]) {
    for (const { geometry } of features) {
      if (geometry.type === 'Point') visit(geometry.coordinates as number[]);
      else if (geometry.type === 'LineString') (geometry.coordinates as number[][]).forEach(visit);
      else (geometry.coordinates as number[][][]).forEach((ring) => ring.forEach(visit));
    }
  }
  return [round6(w), round6(s), round6(e), round6(n)];
}

// ---- roads ----------------------------------------------------------------------------------

function buildRoads(lakeRing: Position[], river: Position[]): RoadFeature[] {
  const main: DraftRoad<RoadProps>[] = NEIJIANG_MAIN_ROADS.map((r) => ({
    id: `road:${r.key}`,
    properties: { name: r.name, nameZh: r.nameZh, class: r.class, oneway: false, ...(r.bridge ? { bridge: true } : {}) },
    coordinates: r.coordinates.map(pt),
  }));
  const mainXY = main.map((r) => r.coordinates.map((p) => projection.toXY(p)));
  const riverXY = river.map((p) => projection.toXY(p));
  const districts = DISTRICTS.map((d) => ({ ...d, rings: [d.coordinates] }));

  // A grid sample is street land when it is in a district, off the water, near the main roads, and
  // not running alongside a main road (a parallel street 50 m from an avenue would just be noise).
  const isLand = (p: [number, number], along: XY): boolean => {
    if (!districts.some((d) => polygonContains(p, d.rings))) return false;
    if (polygonContains(p, [lakeRing])) return false;
    const q = projection.toXY(p);
    if (distanceToPath(q, riverXY).distance < RIVER_CLEARANCE_M) return false;
    let nearest = { distance: Infinity, direction: [0, 0] as XY };
    for (const path of mainXY) {
      const hit = distanceToPath(q, path);
      if (hit.distance < nearest.distance) nearest = hit;
    }
    if (nearest.distance > URBAN_REACH_M) return false;
    const cos = Math.abs(nearest.direction[0] * along[0] + nearest.direction[1] * along[1]);
    return !(nearest.distance < 90 && cos > Math.cos((25 * Math.PI) / 180));
  };

  const streets: DraftRoad<RoadProps>[] = [];
  const lanesPerDistrict = new Map<string, number>();
  const addRuns = (start: [number, number], end: [number, number], along: XY, line: string) => {
    const lengthM = projection.distanceM(start, end);
    const steps = Math.round(lengthM / SAMPLE_M);
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length >= 2 && projection.distanceM(run[0]!, run[run.length - 1]!) >= MIN_STREET_M) {
        const middle = run[Math.floor(run.length / 2)]!;
        const district = districts.find((d) => polygonContains(middle, d.rings)) ?? districts[0]!;
        const n = (lanesPerDistrict.get(district.id) ?? 0) + 1;
        lanesPerDistrict.set(district.id, n);
        streets.push({
          id: `road:${district.id}-lane-${line}-${streets.length}`,
          properties: { name: `${district.name} Lane ${n}`, nameZh: `${district.nameZh}${n}巷`, class: n % 4 === 0 ? 'tertiary' : 'residential', oneway: false },
          coordinates: [pt(run[0]!), pt(run[run.length - 1]!)],
        });
      }
      run = [];
    };
    for (let s = 0; s <= steps; s++) {
      const f = s / steps;
      const p: [number, number] = [start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f];
      if (isLand(p, along)) run.push(p);
      else flush();
    }
    flush();
  };
  for (let i = 0, lon = GRID.west; lon <= GRID.east + 1e-9; i++, lon = GRID.west + i * GRID.lonStep) {
    addRuns([lon, GRID.south], [lon, GRID.north], [0, 1], `ns${i}`);
  }
  for (let j = 0, lat = GRID.south; lat <= GRID.north + 1e-9; j++, lat = GRID.south + j * GRID.latStep) {
    addRuns([GRID.west, lat], [GRID.east, lat], [1, 0], `ew${j}`);
  }
  // Bridges cross the water without meeting anything under them.
  const noded = nodeRoads([...main, ...streets], projection);
  return largestComponent(noded).map((r) => ({ type: 'Feature', id: r.id, properties: r.properties, geometry: { type: 'LineString', coordinates: r.coordinates } }));
}

function distanceToPath(q: XY, path: XY[]): { distance: number; direction: XY } {
  let best = { distance: Infinity, direction: [0, 0] as XY };
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1]!, path[i]!];
    const d = Math.sqrt(nearestOnSegment(q, a, b).distanceSq);
    if (d < best.distance) {
      const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      best = { distance: d, direction: [(b[0] - a[0]) / length, (b[1] - a[1]) / length] };
    }
  }
  return best;
}

// ---- corridors and intersections --------------------------------------------------------------

function buildCorridors(roads: RoadFeature[]): { corridors: CorridorFeature[]; intersections: IntersectionFeature[] } {
  // Where roads share a vertex: the junctions a signal can stand at.
  const roadsAt = new Map<string, RoadFeature[]>();
  for (const road of roads) {
    for (const p of road.geometry.coordinates) {
      const key = `${p[0]},${p[1]}`;
      const list = roadsAt.get(key) ?? [];
      if (!list.includes(road)) list.push(road);
      roadsAt.set(key, list);
    }
  }
  const corridors: CorridorFeature[] = [];
  const intersections: IntersectionFeature[] = [];
  for (const def of NEIJIANG_CORRIDORS) {
    const road = roads.find((r) => r.id === `road:${def.road}`);
    if (!road) throw new Error(`corridor ${def.key}: no road ${def.road}`);
    const coords = road.geometry.coordinates;
    const line = new MeasuredLine(coords, projection);
    // Distance of every vertex along the road, and which vertices are junctions.
    const along: number[] = coords.map((p) => line.locate(p).distanceM);
    const junctions = coords.map((_, i) => i).filter((i) => (roadsAt.get(`${coords[i]![0]},${coords[i]![1]}`)?.length ?? 0) > 1);
    const from = def.from * line.lengthM;
    const to = def.to * line.lengthM;
    // A section between two others starts and ends at a junction, the way a signal plan is drawn;
    // a section at the end of its road runs to the road's end.
    const first = def.from === 0 ? 0 : (junctions.find((i) => along[i]! >= from - 1) ?? 0);
    const last = def.to === 1 ? coords.length - 1 : ([...junctions].reverse().find((i) => along[i]! <= to + 1) ?? coords.length - 1);
    if (last <= first) throw new Error(`corridor ${def.key} has no length`);
    const id = `corridor:${def.key}`;
    const corridorCoords = coords.slice(first, last + 1);
    const corridorLine = new MeasuredLine(corridorCoords, projection);
    const klass = road.properties.class;
    corridors.push({
      type: 'Feature',
      id,
      properties: {
        name: def.name,
        nameZh: def.nameZh,
        roadId: road.id,
        // Longer cycles on the wider roads; design speeds are the posted urban limits.
        cycleS: klass === 'trunk' ? 120 : klass === 'primary' ? 100 : 90,
        designSpeedKmh: klass === 'trunk' ? 50 : klass === 'primary' ? 45 : 40,
      },
      geometry: { type: 'LineString', coordinates: corridorCoords },
    });
    let order = 0;
    let lastAt = -Infinity;
    const inside = junctions.filter((i) => i >= first && i <= last);
    for (const i of inside) {
      const distanceM = along[i]! - along[first]!;
      // Keep the last junction even if close: a section ends at a signal.
      if (distanceM - lastAt < MIN_INTERSECTION_GAP_M && i !== last) continue;
      if (distanceM - lastAt < MIN_INTERSECTION_GAP_M && i === last && order > 1) {
        // The section's end replaces the junction just before it rather than standing beside it.
        intersections.pop();
        order--;
      }
      const p = coords[i]!;
      const crossing = (roadsAt.get(`${p[0]},${p[1]}`) ?? []).find((r) => r !== road);
      intersections.push({
        type: 'Feature',
        id: `intersection:${def.key}-${String(order + 1).padStart(2, '0')}`,
        properties: {
          corridorId: id,
          order,
          distanceM: Math.round(Math.min(distanceM, corridorLine.lengthM) * 10) / 10,
          name: crossing ? `${road.properties.name} × ${crossing.properties.name}` : road.properties.name,
          nameZh: crossing ? `${zhOf(road.properties)}与${zhOf(crossing.properties)}交叉口` : `${zhOf(road.properties)}路口`,
        },
        geometry: { type: 'Point', coordinates: p },
      });
      order++;
      lastAt = distanceM;
    }
  }
  return { corridors, intersections };
}

// ---- collection points and bike fences ---------------------------------------------------------

// Points every `spacingM` along every road within reach of the centre, in road order.
function walkRoads(roads: RoadFeature[], spacingM: number, reachM: number, accept: (road: RoadFeature) => boolean): { road: RoadFeature; line: MeasuredLine; d: number }[] {
  const out: { road: RoadFeature; line: MeasuredLine; d: number }[] = [];
  for (const road of roads) {
    if (!accept(road)) continue;
    const line = new MeasuredLine(road.geometry.coordinates, projection);
    for (let d = spacingM / 2; d < line.lengthM - 20; d += spacingM) {
      if (projection.distanceM(line.positionAt(d).position, CITY_CENTRE) <= reachM) out.push({ road, line, d });
    }
  }
  return out;
}

// Takes exactly n items spread evenly over the list (deterministic thinning).
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, k) => items[Math.floor((k * items.length) / n)]!);
}

function buildCollectionPoints(roads: RoadFeature[]): CollectionPointFeature[] {
  // Bins stand on the streets people live on, not on trunk roads.
  const spots = spread(walkRoads(roads, 180, 4500, (r) => r.properties.class !== 'trunk'), COLLECTION_POINTS);
  return spots.map(({ road, line, d }, k) => ({
    type: 'Feature',
    id: `collection-point:${String(k + 1).padStart(3, '0')}`,
    properties: { roadId: road.id, name: `Collection point ${k + 1}`, nameZh: `垃圾收集点${k + 1}` },
    geometry: { type: 'Point', coordinates: pt(line.positionAt(d).position) },
  }));
}

function buildFences(roads: RoadFeature[], network: CityPack): BikeFenceFeature[] {
  const candidates: { centre: XY; heading: number }[] = [];
  let side = 1;
  for (const { line, d } of walkRoads(roads, 110, FENCE_CORE_RADIUS_M, (r) => r.properties.class !== 'trunk' && !r.properties.bridge)) {
    const { position, headingDeg } = line.positionAt(d);
    const rad = (headingDeg * Math.PI) / 180;
    const q = projection.toXY(position);
    // On the pavement: 12 m off the road's centre line, alternating sides.
    side = -side;
    const normal: XY = [Math.cos(rad) * side, -Math.sin(rad) * side];
    const centre: XY = [q[0] + normal[0] * 12, q[1] + normal[1] * 12];
    const lonLat = projection.toLonLat(centre);
    if (network.inLake(lonLat)) continue;
    // Not in a junction: the nearest road must be the one it stands beside, at its distance.
    if ((network.nearestRoad(lonLat)?.distanceM ?? 0) < 10) continue;
    if (candidates.some((c) => Math.hypot(c.centre[0] - centre[0], c.centre[1] - centre[1]) < 40)) continue;
    candidates.push({ centre, heading: rad });
  }
  return spread(candidates, FENCES).map(({ centre, heading }, k) => {
    // 24-64 bikes a frame: together the frames hold the 11,000-bike fleet when it is
    // evenly spread, so bikes outside frames come from demand, not from a lack of room.
    const capacity = 24 + ((k * 7) % 41);
    // A painted frame 3 m deep along the kerb, 0.6 m of kerb per bike.
    const half = (capacity * 0.6) / 2;
    const along: XY = [Math.sin(heading), Math.cos(heading)];
    const across: XY = [Math.cos(heading), -Math.sin(heading)];
    const corner = (a: number, c: number): Position => pt(projection.toLonLat([centre[0] + along[0] * a + across[0] * c, centre[1] + along[1] * a + across[1] * c]));
    const ring = [corner(-half, -1.5), corner(half, -1.5), corner(half, 1.5), corner(-half, 1.5)];
    return {
      type: 'Feature',
      id: `fence:${String(k + 1).padStart(3, '0')}`,
      properties: { capacity, name: `Bike fence ${k + 1}`, nameZh: `停车围栏${k + 1}` },
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
    };
  });
}

// ---- lake, sites, landmarks --------------------------------------------------------------------

function buildDocks(lakeRing: Position[]): LakeDockFeature[] {
  // On shore vertices of the lake ring: the NW tip (Tongziba), mid north and south shores, the SE reach (Xilin).
  const docks: [string, string, string, number][] = [
    ['tongziba', 'Tongziba dock', '桐梓坝码头', 0],
    ['north-shore', 'North shore dock', '北岸码头', 2],
    ['south-shore', 'South shore dock', '南岸码头', 11],
    ['xilin', 'Xilin ferry dock', '西林古渡码头', 7],
  ];
  return docks.map(([key, name, nameZh, vertex]) => ({
    type: 'Feature',
    id: `dock:${key}`,
    properties: { name, nameZh },
    geometry: { type: 'Point', coordinates: lakeRing[vertex]! },
  }));
}

function buildCleanupZones(lakeRing: Position[]): CleanupZoneFeature[] {
  // The lake ring runs from its NW tip along the north shore to the SE tip (vertex 6) and back along the
  // south shore. Zones are bands across the lake between the two shores at equal fractions of length.
  const tip = 6;
  const north = new MeasuredLine(lakeRing.slice(0, tip + 1), projection);
  const south = new MeasuredLine([...lakeRing.slice(tip, lakeRing.length)].reverse(), projection);
  const count = 5;
  const zones: CleanupZoneFeature[] = [];
  for (let k = 0; k < count; k++) {
    const fractions = Array.from({ length: 5 }, (_, s) => (k + s / 4) / count);
    const n = fractions.map((f) => projection.toXY(north.positionAt(f * north.lengthM).position));
    const s = fractions.map((f) => projection.toXY(south.positionAt(f * south.lengthM).position)).reverse();
    const ring = [...n, ...s];
    // Pull the band in from the shores so a zone is open water only.
    const cx = ring.reduce((a, p) => a + p[0], 0) / ring.length;
    const cy = ring.reduce((a, p) => a + p[1], 0) / ring.length;
    // Where the shore bends (the SE reach), pull a corner further in until it is on the water.
    const inset = ring.map(([x, y]) => {
      let p = pt(projection.toLonLat([cx + (x - cx) * 0.8, cy + (y - cy) * 0.8]));
      for (let k = 0.7; k > 0 && !polygonContains(p, [lakeRing]); k -= 0.1) p = pt(projection.toLonLat([cx + (x - cx) * k, cy + (y - cy) * k]));
      return p;
    });
    zones.push({
      type: 'Feature',
      id: `cleanup-zone:${k + 1}`,
      properties: { name: `Cleanup zone ${k + 1}`, nameZh: `清漂${k + 1}区` },
      geometry: { type: 'Polygon', coordinates: [[...inset, inset[0]!]] },
    });
  }
  return zones;
}

function buildSites(network: CityPack, docks: LakeDockFeature[]): SiteFeature[] {
  const onRoad = (p: readonly [number, number]): Position => pt(network.nearestRoad(p)?.point ?? p);
  const sites: SiteFeature[] = SITES.filter((s) => s.kind !== 'landmark').map((s) => ({
    type: 'Feature',
    id: `site:${s.id}`,
    properties: { kind: s.kind as 'transfer-station' | 'waste-to-energy-plant', name: s.name, nameZh: s.nameZh },
    geometry: { type: 'Point', coordinates: onRoad(s.position) },
  }));
  const depots: [string, string, string, 'trucks' | 'bikes' | 'boats', readonly [number, number]][] = [
    ['shizhong-sanitation-depot', 'Shizhong sanitation depot', '市中区环卫车辆停保场', 'trucks', [105.024, 29.5705]],
    ['dongxing-sanitation-depot', 'Dongxing sanitation depot', '东兴区环卫车辆停保场', 'trucks', [105.0721, 29.5998]],
    ['bike-operations-depot', 'Shared-bike operations depot', '共享单车运维站', 'bikes', [105.0521, 29.5845]],
  ];
  for (const [key, name, nameZh, fleet, position] of depots) {
    sites.push({ type: 'Feature', id: `site:${key}`, properties: { kind: 'depot', name, nameZh, fleet }, geometry: { type: 'Point', coordinates: onRoad(position) } });
  }
  sites.push(...buildEmergencySites(onRoad));
  const boatBase = docks.find((d) => d.id === 'dock:north-shore')!;
  sites.push({ type: 'Feature', id: 'site:lake-boat-base', properties: { kind: 'depot', name: 'Lake cleanup boat base', nameZh: '甜城湖清漂船基地', fleet: 'boats' }, geometry: boatBase.geometry });
  return sites;
}

// Emergency care for the ambulance fleet (city-packs/neijiang/README.md says how it was sized). The
// hospitals are the central city's main ones by name; their positions, like the stations', are
// approximate. Stations sit at the hospitals, as most "120" stations in China do, plus three on their own
// where a hospital's 5 km service radius leaves a gap; 40 ambulances in all.
const HOSPITALS: [string, string, string, readonly [number, number], HospitalCare[]][] = [
  ['first-people', "Neijiang First People's Hospital", '内江市第一人民医院', [105.0597, 29.5842], ['general', 'trauma', 'cardiac', 'stroke', 'paediatric', 'obstetric']],
  ['second-people', "Neijiang Second People's Hospital", '内江市第二人民医院', [105.0452, 29.5736], ['general', 'trauma', 'cardiac', 'stroke']],
  ['tcm', 'Neijiang Hospital of Traditional Chinese Medicine', '内江市中医医院', [105.0688, 29.5905], ['general', 'cardiac']],
  ['maternal-child', 'Neijiang Maternal and Child Health Hospital', '内江市妇幼保健院', [105.0531, 29.5921], ['paediatric', 'obstetric']],
  ['dongxing-people', "Dongxing District People's Hospital", '东兴区人民医院', [105.0801, 29.6017], ['general', 'trauma', 'stroke', 'paediatric', 'obstetric']],
];
const STATIONS: [string, string, string, readonly [number, number], number][] = [
  ['first-people', "120 station, First People's Hospital", '120急救站（市第一人民医院）', [105.0597, 29.5842], 8],
  ['second-people', "120 station, Second People's Hospital", '120急救站（市第二人民医院）', [105.0452, 29.5736], 6],
  ['tcm', '120 station, Hospital of TCM', '120急救站（市中医医院）', [105.0688, 29.5905], 4],
  ['maternal-child', '120 station, Maternal and Child Health Hospital', '120急救站（市妇幼保健院）', [105.0531, 29.5921], 3],
  ['dongxing-people', "120 station, Dongxing People's Hospital", '120急救站（东兴区人民医院）', [105.0801, 29.6017], 7],
  ['baima', '120 station, Baima', '120急救站（白马）', [105.0205, 29.5562], 4],
  ['g321', '120 station, National Road 321', '120急救站（国道321）', [105.1112, 29.6105], 4],
  ['lake-west', '120 station, Tianchenghu west', '120急救站（甜城湖西）', [105.0318, 29.5968], 4],
];

function buildEmergencySites(onRoad: (p: readonly [number, number]) => Position): SiteFeature[] {
  const hospitals: SiteFeature[] = HOSPITALS.map(([key, name, nameZh, position, treats]) => ({
    type: 'Feature',
    id: `site:hospital-${key}`,
    properties: { kind: 'hospital', name, nameZh, treats },
    geometry: { type: 'Point', coordinates: onRoad(position) },
  }));
  const stations: SiteFeature[] = STATIONS.map(([key, name, nameZh, position, ambulances]) => ({
    type: 'Feature',
    id: `site:ambulance-station-${key}`,
    properties: { kind: 'ambulance-station', name, nameZh, fleet: 'ambulances', ambulances },
    geometry: { type: 'Point', coordinates: onRoad(position) },
  }));
  return [...hospitals, ...stations];
}

function buildLandmarks(): LandmarkFeature[] {
  const fromSketch: LandmarkFeature[] = SITES.filter((s) => s.kind === 'landmark').map((s) => ({
    type: 'Feature',
    id: `landmark:${s.id}`,
    properties: { name: s.name, nameZh: s.nameZh, kind: s.id.includes('bridge') ? 'bridge' : 'ferry' },
    geometry: { type: 'Point', coordinates: pt(s.position) },
  }));
  // Well-known places whose positions here are guesses.
  const more: LandmarkFeature[] = [
    { type: 'Feature', id: 'landmark:daqian-garden', properties: { name: 'Daqian Garden', nameZh: '大千园', kind: 'park' }, geometry: { type: 'Point', coordinates: [105.0535, 29.5735] } },
    { type: 'Feature', id: 'landmark:shengshui-temple', properties: { name: 'Shengshui Temple', nameZh: '圣水寺', kind: 'temple' }, geometry: { type: 'Point', coordinates: [105.031, 29.5915] } },
  ];
  return [...fromSketch, ...more];
}

// ---- restricted zones ---------------------------------------------------------------------------

// Primary-school gates on the street grid (generated, like the lanes they stand on) and the emergency approach of
// each hospital: 40 m of road centred on the gate, both pavements, where a truck must not stand and bikes must not
// be left. The schools are placed one per neighbourhood of the centre; their names come from the road they face.
const SCHOOL_GATES: readonly (readonly [number, number])[] = [
  [105.0468, 29.5792],
  [105.0556, 29.5868],
  [105.0641, 29.5801],
  [105.0385, 29.5741],
  [105.0733, 29.5962],
  [105.0612, 29.5934],
];
const RESTRICTED_HALF_M = 20;

function buildRestrictedZones(network: CityPack, roads: RoadFeature[]): RestrictedZoneFeature[] {
  const roadsById = new Map(roads.map((r) => [r.id, r.properties]));
  const square = (centre: readonly [number, number]): Position[][] => {
    const [x, y] = projection.toXY(centre);
    const h = RESTRICTED_HALF_M;
    const ring = [pt(projection.toLonLat([x - h, y - h])), pt(projection.toLonLat([x + h, y - h])), pt(projection.toLonLat([x + h, y + h])), pt(projection.toLonLat([x - h, y + h]))];
    return [[...ring, ring[0]!]];
  };
  const schools = SCHOOL_GATES.map((position, k): RestrictedZoneFeature => {
    const snap = network.nearestRoad(position);
    const road = snap ? roadsById.get(snap.roadId) : undefined;
    const on = road?.name ? { name: `Primary school gate, ${road.name}`, nameZh: `${road.nameZh ?? road.name}小学校门` } : { name: `Primary school gate ${k + 1}`, nameZh: `小学校门${k + 1}` };
    return { type: 'Feature', id: `restricted:school-${k + 1}`, properties: { ...on, kind: 'school-gate' }, geometry: { type: 'Polygon', coordinates: square(snap?.point ?? position) } };
  });
  const hospitals = HOSPITALS.map(([key, name, nameZh, position]): RestrictedZoneFeature => {
    const at = network.nearestRoad(position)?.point ?? position;
    return {
      type: 'Feature',
      id: `restricted:hospital-${key}`,
      properties: { name: `${name}, emergency entrance`, nameZh: `${nameZh}急诊入口`, kind: 'hospital-entrance' },
      geometry: { type: 'Polygon', coordinates: square(at) },
    };
  });
  return [...schools, ...hospitals];
}
