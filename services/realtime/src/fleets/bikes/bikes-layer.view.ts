import { BikeView } from '@urban-brain/proto';
import { changesInArea } from '../../live-socket/area-filter';
import { RESYNC, heldIds, type LayerPart, type LayerSession, type LayerView, type SharedLayerChanges } from '../../live-socket/layer-view';
import { contains, type AreaView } from '../../live-socket/map-area';
import type { LiveChanges } from '../../live-state/live-state-store';
import type { LayerFrameFields } from '../live-layer';
import { BikeCellCache } from './bike-cells';
import { toBikeCellColumns } from './bike-columns';
import { type LiveBike, toFenceColumns } from '@urban-brain/common';
import { FenceOccupancy, type FenceCount } from './fence-occupancy';

// Bike cells are resent whole (a few hundred entries); a density view refreshed
// once a second reads as live, and ten times less of it crosses the wire.
export const BIKE_CELLS_EVERY_MS = 1_000;

const bikeIdOf = (bike: LiveBike): string => bike.bikeId;

/**
 * The bike layer as a client sees it: the bikes of its area (the whole city: every bike) from
 * REALTIME_BIKE_POINTS_MIN_ZOOM on, grid cells with counts below it; in both views the parked
 * count of every fence of the area, and which view it is. Cells and fence counts are computed
 * once per bike-layer version and shared by every client.
 */
export class BikesLayerView implements LayerView {
  private readonly cells: BikeCellCache;
  private readonly fences: FenceOccupancy;

  constructor(private readonly bikes: SharedLayerChanges<LiveBike>) {
    this.cells = new BikeCellCache(bikes.store, BIKE_CELLS_EVERY_MS);
    this.fences = new FenceOccupancy(bikes.store);
  }

  get cellComputations(): number {
    return this.cells.computations;
  }

  snapshot(client: LayerSession, area: AreaView | undefined, nowMs: number): LayerPart {
    const bikes = this.bikes.store.snapshot();
    const fences = this.fences.snapshot();
    if (!area) return this.pointsPart(bikes, fences);
    const fencesInArea = fences.filter((fence) => contains(area.bounds, fence.lon, fence.lat));
    if (area.bikeView === 'cells') return this.cellsPart(client, area, fencesInArea, nowMs, true);
    return this.pointsPart(changesInArea(bikes, area.bounds, heldIds(client, 'bikes'), bikeIdOf), fencesInArea);
  }

  delta(client: LayerSession, area: AreaView | undefined, nowMs: number): LayerPart {
    const since = client.version;
    if (!area) {
      // Fence counts are a function of the bike version too, so whole-city clients share them with the bikes.
      const cached = this.bikes.since(since);
      if (!cached.shared) {
        const fenceChanges = this.fences.changesSince(since);
        cached.shared = fenceChanges.snapshot ? RESYNC : this.pointsPart(cached.raw, fenceChanges.fences);
      }
      return cached.shared;
    }
    const fenceChanges = this.fences.changesSince(since);
    if (fenceChanges.snapshot) return RESYNC;
    const fences = fenceChanges.fences.filter((fence) => contains(area.bounds, fence.lon, fence.lat));
    if (area.bikeView === 'cells') return this.cellsPart(client, area, fences, nowMs, false);
    const raw = this.bikes.since(since).raw;
    if (raw.snapshot) return RESYNC;
    return this.pointsPart(changesInArea(raw, area.bounds, heldIds(client, 'bikes'), bikeIdOf), fences);
  }

  private pointsPart(changes: LiveChanges<LiveBike>, fences: FenceCount[]): LayerPart {
    const part = this.bikes.part(changes);
    part.fields = { ...part.fields, fences: toFenceColumns(fences), bikeView: BikeView.POINTS };
    part.empty &&= fences.length === 0;
    return part;
  }

  // Cells replace the client's previous cells whole, so they go out only when
  // the bike layer moved since the client's last cells, and at most once per BIKE_CELLS_EVERY_MS.
  private cellsPart(client: LayerSession, area: AreaView, fences: FenceCount[], nowMs: number, snapshot: boolean): LayerPart {
    const version = this.bikes.store.version;
    const due = snapshot || (client.cellsVersion !== version && nowMs - client.cellsSentAtMs >= BIKE_CELLS_EVERY_MS);
    const fields: LayerFrameFields = { fences: toFenceColumns(fences), bikeView: BikeView.CELLS };
    if (due) {
      fields.bikeCells = toBikeCellColumns(this.cells.cellsAt(area.cellZoom, nowMs).filter((cell) => contains(area.bounds, cell.lon, cell.lat)));
      client.cellsVersion = version;
      client.cellsSentAtMs = nowMs;
    }
    client.held.clear();
    return { snapshot: false, empty: !due && fences.length === 0, version, fields };
  }
}
