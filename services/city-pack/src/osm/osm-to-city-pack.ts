import { CityPack } from '../city-pack';
import { CITY_PACK_FORMAT, CITY_PACK_FORMAT_VERSION, type LayerKind, type RoadClass } from '../format/city-pack-format';
import type {
  BikeFenceFeature,
  CityPackLayers,
  CollectionPointFeature,
  DistrictFeature,
  LandmarkFeature,
  Position,
  RoadFeature,
  SiteFeature,
  WaterFeature,
} from '../format/city-pack-layers.schema';
import type { CityPackManifest } from '../format/city-pack-manifest.schema';
import { LocalProjection } from '../geometry/local-projection';
import { layerEntries } from '../write-city-pack';
import type { OsmExtract, OsmNode, OsmTags, OsmWay } from './osm-xml.parser';

export interface OsmConversionOptions {
  id: string;
  name: string;
  nameZh?: string;
  /** Where the extract came from (file name, download date), for the manifest. */
  source?: string;
}

// Drivable OSM highway values and the pack's road class for each; paths, footways and tracks are left out.
const ROAD_CLASS_BY_HIGHWAY: Record<string, RoadClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'residential',
  residential: 'residential',
  living_street: 'residential',
  road: 'residential',
  service: 'service',
};
const DEFAULT_FENCE_CAPACITY = 20;
// A bicycle_parking node becomes a 6 m x 3 m frame around it.
const FENCE_HALF_M: [number, number] = [3, 1.5];
const NO_SOURCE_NOTE: Partial<Record<LayerKind, string>> = {
  'lake-docks': 'not in OpenStreetMap; draw by hand',
  'cleanup-zones': 'not in OpenStreetMap; draw by hand',
  corridors: 'green-wave corridors are a traffic plan, not map data; draw by hand',
  intersections: 'signal positions along corridors; draw with the corridors',
  'restricted-zones': 'OpenStreetMap maps school grounds and hospitals, not the pavement at their gates; draw by hand',
};

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
const CJK = /[\u3400-\u9fff]/;

/** Turns a parsed OSM extract into a pack; layers with nothing in the extract come out empty and are marked so. */
export function osmToCityPack(osm: OsmExtract, options: OsmConversionOptions): { manifest: CityPackManifest; layers: CityPackLayers } {
  const pos = (n: OsmNode): Position => [round7(n.lon), round7(n.lat)];
  const wayPositions = (way: OsmWay): Position[] => way.nodeIds.flatMap((id) => (osm.nodes.has(id) ? [pos(osm.nodes.get(id)!)] : []));
  const isClosed = (way: OsmWay) => way.nodeIds.length >= 4 && way.nodeIds[0] === way.nodeIds[way.nodeIds.length - 1];
  const ways = new Map(osm.ways.map((w) => [w.id, w]));

  const roads: RoadFeature[] = [];
  for (const way of osm.ways) {
    const roadClass = ROAD_CLASS_BY_HIGHWAY[way.tags.highway ?? ''];
    if (!roadClass || way.tags.area === 'yes') continue;
    let coordinates = wayPositions(way);
    if (coordinates.length < 2) continue;
    const oneway = way.tags.oneway;
    // oneway=-1 means the way is driven against its drawing direction: store it the driven way round.
    if (oneway === '-1') coordinates = [...coordinates].reverse();
    roads.push({
      type: 'Feature',
      id: `road:w${way.id}`,
      properties: {
        ...names(way.tags, ''),
        class: roadClass,
        oneway: oneway === 'yes' || oneway === '1' || oneway === 'true' || oneway === '-1' || way.tags.junction === 'roundabout' || (way.tags.highway === 'motorway' && oneway !== 'no'),
        ...(way.tags.bridge && way.tags.bridge !== 'no' ? { bridge: true } : {}),
      },
      geometry: { type: 'LineString', coordinates },
    });
  }

  const water: WaterFeature[] = [];
  for (const way of osm.ways) {
    if (way.tags.waterway === 'river' || way.tags.waterway === 'canal') {
      const coordinates = wayPositions(way);
      if (coordinates.length >= 2) water.push({ type: 'Feature', id: `water:w${way.id}`, properties: { kind: 'river', ...names(way.tags, way.tags.waterway) }, geometry: { type: 'LineString', coordinates } });
    } else if (isWaterArea(way.tags) && isClosed(way)) {
      water.push({ type: 'Feature', id: `water:w${way.id}`, properties: { kind: 'lake', ...names(way.tags, '') }, geometry: { type: 'Polygon', coordinates: [wayPositions(way)] } });
    }
  }
  const districts: DistrictFeature[] = [];
  for (const relation of osm.relations) {
    const outer = relation.members.filter((m) => m.type === 'way' && (m.role === 'outer' || m.role === '')).flatMap((m) => (ways.has(m.ref) ? [ways.get(m.ref)!] : []));
    const rings = assembleRings(outer).map((ids) => ids.flatMap((id) => (osm.nodes.has(id) ? [pos(osm.nodes.get(id)!)] : []))).filter((r) => r.length >= 4);
    rings.forEach((ring, k) => {
      const id = `r${relation.id}${rings.length > 1 ? `-${k + 1}` : ''}`;
      if (relation.tags.type === 'multipolygon' && isWaterArea(relation.tags)) {
        water.push({ type: 'Feature', id: `water:${id}`, properties: { kind: 'lake', ...names(relation.tags, '') }, geometry: { type: 'Polygon', coordinates: [ring] } });
      } else if (relation.tags.boundary === 'administrative' && relation.tags.name) {
        districts.push({ type: 'Feature', id: `district:${id}`, properties: names(relation.tags, relation.tags.name!), geometry: { type: 'Polygon', coordinates: [ring] } });
      }
    });
  }
  for (const way of osm.ways) {
    if (way.tags.boundary === 'administrative' && way.tags.name && isClosed(way)) {
      districts.push({ type: 'Feature', id: `district:w${way.id}`, properties: names(way.tags, way.tags.name), geometry: { type: 'Polygon', coordinates: [wayPositions(way)] } });
    }
  }

  const centre = centreOf([...roads.flatMap((r) => r.geometry.coordinates), ...[...osm.nodes.values()].map(pos)]);
  const projection = new LocalProjection(centre);
  const fences: BikeFenceFeature[] = [];
  const landmarks: LandmarkFeature[] = [];
  const sites: SiteFeature[] = [];
  const wasteSpots: { id: string; at: Position; name?: string }[] = [];
  for (const node of osm.nodes.values()) {
    const { tags } = node;
    if (tags.amenity === 'bicycle_parking') {
      const [x, y] = projection.toXY(pos(node));
      const [hx, hy] = FENCE_HALF_M;
      const corner = (dx: number, dy: number): Position => projection.toLonLat([x + dx, y + dy]).map(round7) as Position;
      const ring = [corner(-hx, -hy), corner(hx, -hy), corner(hx, hy), corner(-hx, hy)];
      fences.push({ type: 'Feature', id: `fence:n${node.id}`, properties: { capacity: capacityOf(tags), ...(tags.name ? { name: tags.name } : {}) }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] } });
    } else if (tags.name && (tags.tourism || tags.historic)) {
      landmarks.push({ type: 'Feature', id: `landmark:n${node.id}`, properties: { ...names(tags, tags.name), kind: tags.tourism ?? tags.historic }, geometry: { type: 'Point', coordinates: pos(node) } });
    } else if (tags.amenity === 'waste_transfer_station') {
      sites.push({ type: 'Feature', id: `site:n${node.id}`, properties: { kind: 'transfer-station', ...names(tags, 'Waste transfer station') }, geometry: { type: 'Point', coordinates: pos(node) } });
    } else if (tags.power === 'plant' && tags['plant:source'] === 'waste') {
      sites.push({ type: 'Feature', id: `site:n${node.id}`, properties: { kind: 'waste-to-energy-plant', ...names(tags, 'Waste-to-energy plant') }, geometry: { type: 'Point', coordinates: pos(node) } });
    } else if (tags.amenity === 'recycling' || tags.amenity === 'waste_disposal') {
      wasteSpots.push({ id: node.id, at: pos(node), ...(tags.name ? { name: tags.name } : {}) });
    }
  }
  for (const way of osm.ways) {
    if (way.tags.amenity === 'bicycle_parking' && isClosed(way)) {
      fences.push({ type: 'Feature', id: `fence:w${way.id}`, properties: { capacity: capacityOf(way.tags), ...(way.tags.name ? { name: way.tags.name } : {}) }, geometry: { type: 'Polygon', coordinates: [wayPositions(way)] } });
    }
  }

  const layers: CityPackLayers = {
    districts,
    roads,
    water,
    sites,
    'collection-points': [],
    'bike-fences': fences,
    'lake-docks': [],
    'cleanup-zones': [],
    corridors: [],
    intersections: [],
    landmarks,
    'restricted-zones': [],
  };
  const manifest = manifestFor(options, centre, layers);
  // Bins and recycling points become collection points on the road they stand beside.
  if (wasteSpots.length > 0 && roads.length > 0) {
    const network = new CityPack(manifest, layers);
    layers['collection-points'] = wasteSpots.map((spot): CollectionPointFeature => ({
      type: 'Feature',
      id: `collection-point:n${spot.id}`,
      properties: { roadId: network.nearestRoad(spot.at)!.roadId, ...(spot.name ? { name: spot.name } : {}) },
      geometry: { type: 'Point', coordinates: spot.at },
    }));
  }
  return { manifest: manifestFor(options, centre, layers), layers };
}

function manifestFor(options: OsmConversionOptions, centre: Position, layers: CityPackLayers): CityPackManifest {
  const notes: Partial<Record<LayerKind, string>> = {};
  for (const [kind, note] of Object.entries(NO_SOURCE_NOTE) as [LayerKind, string][]) if (layers[kind].length === 0) notes[kind] = note;
  for (const kind of Object.keys(layers) as LayerKind[]) if (layers[kind].length === 0) notes[kind] ??= 'nothing of this kind in the extract';
  return {
    format: CITY_PACK_FORMAT,
    formatVersion: CITY_PACK_FORMAT_VERSION,
    id: options.id,
    name: options.name,
    ...(options.nameZh ? { nameZh: options.nameZh } : {}),
    centre,
    bbox: bboxOf(layers, centre),
    approximate: false,
    attribution: '© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)',
    ...(options.source ? { source: options.source } : {}),
    layers: layerEntries(layers, notes),
  };
}

function names(tags: OsmTags, fallback: string): { name: string; nameZh?: string } {
  const local = tags.name;
  const zh = tags['name:zh'] ?? tags['name:zh-Hans'] ?? (local && CJK.test(local) ? local : undefined);
  const name = tags['name:en'] ?? local ?? zh ?? fallback;
  return zh ? { name, nameZh: zh } : { name };
}

function isWaterArea(tags: OsmTags): boolean {
  return tags.natural === 'water' || tags.landuse === 'reservoir' || tags.water === 'lake' || tags.water === 'reservoir';
}

function capacityOf(tags: OsmTags): number {
  const n = Number.parseInt(tags.capacity ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_FENCE_CAPACITY;
}

function centreOf(points: Position[]): Position {
  if (points.length === 0) throw new Error('the extract has no nodes with positions');
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [round7((Math.min(...lons) + Math.max(...lons)) / 2), round7((Math.min(...lats) + Math.max(...lats)) / 2)];
}

function bboxOf(layers: CityPackLayers, centre: Position): [number, number, number, number] {
  let [w, s, e, n] = [centre[0], centre[1], centre[0], centre[1]];
  const visit = (p: Position) => {
    [w, s, e, n] = [Math.min(w, p[0]), Math.min(s, p[1]), Math.max(e, p[0]), Math.max(n, p[1])];
  };
  for (const features of Object.values(layers) as { geometry: { type: string; coordinates: unknown } }[][]) {
    for (const { geometry } of features) {
      if (geometry.type === 'Point') visit(geometry.coordinates as Position);
      else if (geometry.type === 'LineString') (geometry.coordinates as Position[]).forEach(visit);
      else (geometry.coordinates as Position[][]).forEach((ring) => ring.forEach(visit));
    }
  }
  // A pack of one point still needs a box with some size.
  const pad = 0.0005;
  return [round7(w - pad), round7(s - pad), round7(e + pad), round7(n + pad)];
}

/** Joins ways end to end into closed rings of node ids (how OSM multipolygons and boundaries are drawn). */
export function assembleRings(ways: OsmWay[]): string[][] {
  const open = ways.map((w) => [...w.nodeIds]).filter((ids) => ids.length >= 2);
  const rings: string[][] = [];
  while (open.length > 0) {
    let ring = open.shift()!;
    let grown = true;
    while (ring[0] !== ring[ring.length - 1] && grown) {
      grown = false;
      const end = ring[ring.length - 1];
      const k = open.findIndex((ids) => ids[0] === end || ids[ids.length - 1] === end);
      if (k >= 0) {
        const next = open.splice(k, 1)[0]!;
        ring = [...ring, ...(next[0] === end ? next : [...next].reverse()).slice(1)];
        grown = true;
      }
    }
    if (ring.length >= 4 && ring[0] === ring[ring.length - 1]) rings.push(ring);
  }
  return rings;
}
