import type { HistoryReadingRow } from '../history/history.repository';
import type { HistoryRepository } from '../history/history.repository';
import type { ReplayLayerPlayer } from './replay-layer-player';
import { TimeOrderedRows } from './replay-layer-player';
import type { LayerFrameFields, ReplayPositionLayer } from './replay-position-layers';
import type { ReplayRepository } from './replay.repository';

// The whole fleet in one state read: history pages by 10,000 for clients, replay needs every entity at once.
const STATE_LIMIT = 1_000_000;

type TimedRow = HistoryReadingRow & { recordedAtMs: number };

/** A layer of entities with positions: the state comes from history's state at an instant, steps from the window's rows. */
export class PositionLayerPlayer<T> implements ReplayLayerPlayer {
  private readonly held = new Map<string, { entity: T; recordedAtMs: number }>();
  private readonly pending = new TimeOrderedRows<TimedRow>();
  private lastTotals = '';

  constructor(
    private readonly layer: ReplayPositionLayer<T>,
    private readonly history: HistoryRepository,
    private readonly replay: ReplayRepository,
  ) {}

  async load(at: Date): Promise<void> {
    const rows = await this.history.findStateAt({ fleet: this.layer.fleet, at, lookbackSeconds: this.layer.lookbackMs / 1000, afterEntityId: null, limit: STATE_LIMIT });
    for (const row of rows) this.hold(row);
  }

  async read(from: Date, to: Date): Promise<void> {
    const rows = await this.replay.findReadingsIn(this.layer.fleet, from, to);
    this.pending.set(rows.map((row) => Object.assign(row, { recordedAtMs: Date.parse(row.recordedAt) })));
  }

  snapshotFields(): LayerFrameFields {
    const entities = this.entities();
    const totals = this.layer.totals(entities);
    this.lastTotals = JSON.stringify(totals);
    return { ...this.layer.columns(entities, []), ...totals, ...this.layer.extras?.(null, entities) };
  }

  stepFields(endMs: number): LayerFrameFields {
    const before = this.layer.extras ? this.entities() : null;
    // The last reading of each entity in the step: later rows overwrite earlier ones.
    const changed = new Map<string, T>();
    for (const row of this.pending.takeUntil(endMs)) changed.set(row.entityId, this.hold(row));
    const removed: string[] = [];
    for (const [id, { recordedAtMs }] of this.held) {
      if (recordedAtMs <= endMs - this.layer.lookbackMs) {
        this.held.delete(id);
        changed.delete(id);
        removed.push(id);
      }
    }
    const entities = this.entities();
    const fields: LayerFrameFields = { ...this.layer.columns([...changed.values()], removed) };
    const totals = this.layer.totals(entities);
    const totalsText = JSON.stringify(totals);
    if (totalsText !== this.lastTotals) Object.assign(fields, totals);
    this.lastTotals = totalsText;
    if (before) Object.assign(fields, this.layer.extras?.(before, entities));
    return fields;
  }

  private hold(row: HistoryReadingRow): T {
    const entity = this.layer.entityOf(row);
    this.held.set(row.entityId, { entity, recordedAtMs: Date.parse(row.recordedAt) });
    return entity;
  }

  private entities(): T[] {
    return [...this.held.values()].map((held) => held.entity);
  }
}
