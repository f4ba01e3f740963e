import type { LonLat } from '@urban-brain/common';
import type { LayerKind } from './format/city-pack-format';
import type {
  BikeFenceFeature,
  CityPackLayers,
  CleanupZoneFeature,
  CorridorFeature,
  DistrictFeature,
  IntersectionFeature,
  PackFeature,
  PolygonGeometry,
  RestrictedZoneFeature,
  WaterFeature,
} from './format/city-pack-layers.schema';
import type { CityPackManifest } from './format/city-pack-manifest.schema';
import { LocalProjection } from './geometry/local-projection';
import { MeasuredLine } from './geometry/measured-line';
import { PolygonIndex } from './geometry/polygon-index';
import { type RoadSnap, RoadGraph, type Route } from './geometry/road-graph';

export type LakeFeature = PackFeature<PolygonGeometry, WaterFeature['properties']>;

/** A green-wave corridor measured in metres, with its signalised intersections in order. */
export interface Corridor {
  feature: CorridorFeature;
  line: MeasuredLine;
  intersections: IntersectionFeature[];
}

// Fences are a few metres across; 150 m cells keep a bike's lookup to a handful of fences.
const FENCE_CELL_M = 150;
const AREA_CELL_M = 500;

/** A loaded, validated city pack and the geometry questions the services ask of it. */
export class CityPack {
  readonly projection: LocalProjection;
  private readonly roadGraph: RoadGraph;
  private readonly fences: PolygonIndex<BikeFenceFeature>;
  private readonly lakes: PolygonIndex<LakeFeature>;
  private readonly districts: PolygonIndex<DistrictFeature>;
  private readonly cleanupZones: PolygonIndex<CleanupZoneFeature>;
  private readonly restrictedZones: PolygonIndex<RestrictedZoneFeature>;
  private readonly corridorsById = new Map<string, Corridor>();

  constructor(
    readonly manifest: CityPackManifest,
    readonly layers: CityPackLayers,
  ) {
    this.projection = new LocalProjection(manifest.centre);
    this.roadGraph = new RoadGraph(layers.roads, this.projection);
    this.fences = new PolygonIndex(layers['bike-fences'], this.projection, FENCE_CELL_M);
    this.lakes = new PolygonIndex(
      layers.water.filter((w): w is LakeFeature => w.geometry.type === 'Polygon'),
      this.projection,
      AREA_CELL_M,
    );
    this.districts = new PolygonIndex(layers.districts, this.projection, AREA_CELL_M);
    this.cleanupZones = new PolygonIndex(layers['cleanup-zones'], this.projection, AREA_CELL_M);
    // Zones tens of metres across, like the fences.
    this.restrictedZones = new PolygonIndex(layers['restricted-zones'], this.projection, FENCE_CELL_M);
    for (const feature of layers.corridors) {
      const intersections = layers.intersections.filter((i) => i.properties.corridorId === feature.id).sort((a, b) => a.properties.order - b.properties.order);
      this.corridorsById.set(feature.id, { feature, line: new MeasuredLine(feature.geometry.coordinates, this.projection), intersections });
    }
  }

  get id(): string {
    return this.manifest.id;
  }

  /** A layer as a GeoJSON FeatureCollection, as it is stored. */
  layer(kind: LayerKind): { type: 'FeatureCollection'; features: CityPackLayers[LayerKind] } {
    return { type: 'FeatureCollection', features: this.layers[kind] };
  }

  /** The nearest road to p (its id, how far p is from it, and the snapped point); null in a pack without roads. */
  nearestRoad(p: LonLat): RoadSnap | null {
    return this.roadGraph.nearestRoad(p);
  }

  /** The shortest drive between two points over the road graph, or null when they are not connected. */
  route(from: LonLat, to: LonLat): Route | null {
    return this.roadGraph.route(from, to);
  }

  /** The bike fence p is in (boundary included), or null. */
  fenceAt(p: LonLat): BikeFenceFeature | null {
    return this.fences.containing(p);
  }

  /** Bike fences within radiusM of p, nearest first (distance 0 when inside). */
  fencesNear(p: LonLat, radiusM: number): { fence: BikeFenceFeature; distanceM: number }[] {
    return this.fences.near(p, radiusM).map(({ feature, distanceM }) => ({ fence: feature, distanceM }));
  }

  /** The lake p is on, or null. */
  lakeAt(p: LonLat): LakeFeature | null {
    return this.lakes.containing(p);
  }

  inLake(p: LonLat): boolean {
    return this.lakeAt(p) !== null;
  }

  districtAt(p: LonLat): DistrictFeature | null {
    return this.districts.containing(p);
  }

  cleanupZoneAt(p: LonLat): CleanupZoneFeature | null {
    return this.cleanupZones.containing(p);
  }

  /** The restricted zone (a school gate, a hospital's emergency approach) p is in, or null. */
  restrictedZoneAt(p: LonLat): RestrictedZoneFeature | null {
    return this.restrictedZones.containing(p);
  }

  get corridors(): Corridor[] {
    return [...this.corridorsById.values()];
  }

  corridor(id: string): Corridor | undefined {
    return this.corridorsById.get(id);
  }

  /** How far along the corridor p is (and how far off it). */
  distanceAlongCorridor(corridorId: string, p: LonLat): { distanceM: number; offsetM: number } {
    const { distanceM, offsetM } = this.requireCorridor(corridorId).line.locate(p);
    return { distanceM, offsetM };
  }

  /** The position and heading distanceM metres along the corridor (clamped to its ends). */
  positionAlongCorridor(corridorId: string, distanceM: number): { position: [number, number]; headingDeg: number } {
    return this.requireCorridor(corridorId).line.positionAt(distanceM);
  }

  private requireCorridor(id: string): Corridor {
    const corridor = this.corridorsById.get(id);
    if (!corridor) throw new Error(`city pack ${this.id} has no corridor "${id}"`);
    return corridor;
  }
}
