import type { LayerFrameFields } from './replay-position-layers';

/**
 * One layer played back from the database: its state at the replay's start, then its changes step by
 * step. The service reads each batch of replay time (`read`) before asking for that batch's steps.
 */
export interface ReplayLayerPlayer {
  /** Loads the layer's state at `at` (each entity's last reading within its lookback). */
  load(at: Date): Promise<void>;
  /** Reads the stored rows of (from, to], to be applied by the steps that follow. */
  read(from: Date, to: Date): Promise<void>;
  /** The whole layer as a snapshot frame carries it. */
  snapshotFields(): LayerFrameFields;
  /** Applies the rows read up to `endMs`, drops entities silent beyond their lookback, and answers the delta. */
  stepFields(endMs: number): LayerFrameFields;
}

/** Rows read ahead and handed out in time order up to each step's end. */
export class TimeOrderedRows<Row extends { recordedAtMs: number }> {
  private rows: Row[] = [];
  private next = 0;

  set(rows: Row[]): void {
    this.rows = rows;
    this.next = 0;
  }

  /** The rows with recordedAtMs <= endMs not handed out yet. */
  takeUntil(endMs: number): Row[] {
    const start = this.next;
    while (this.next < this.rows.length && this.rows[this.next]!.recordedAtMs <= endMs) this.next++;
    return this.rows.slice(start, this.next);
  }
}
