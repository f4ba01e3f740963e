import { describe, expect, it } from 'vitest';
import { TaskState } from '@urban-brain/proto';
import { liveFrame } from './live-frame.fixtures';
import { TruckTable } from './truck-table';

const sorted = (table: TruckTable) => table.positions().sort((a, b) => a.id.localeCompare(b.id));

describe('TruckTable', () => {
  it('takes a snapshot, then merges deltas into it', () => {
    const table = new TruckTable();
    table.applyFrame(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 'T-1', lon: 105.01, lat: 29.51 },
          { id: 'T-2', lon: 105.02, lat: 29.52 },
        ],
      }),
    );
    table.applyFrame(
      liveFrame({
        snapshot: false,
        trucks: [
          { id: 'T-2', lon: 105.2, lat: 29.6, task: TaskState.COLLECTING, speedKmh: 25, headingDeg: 180 },
          { id: 'T-3', lon: 105.03, lat: 29.53 },
        ],
      }),
    );
    expect(sorted(table)).toEqual([
      { id: 'T-1', lon: 105.01, lat: 29.51 },
      { id: 'T-2', lon: 105.2, lat: 29.6 },
      { id: 'T-3', lon: 105.03, lat: 29.53 },
    ]);
    const row = table.row('T-2')!;
    expect(table.taskOf(row)).toBe(TaskState.COLLECTING);
    expect(table.speedKmh[row]).toBe(25);
    expect(table.headingDeg[row]).toBe(180);
  });

  it('drops removed trucks and keeps the other rows intact', () => {
    const table = new TruckTable();
    table.applyFrame(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 'T-1', lon: 105.01, lat: 29.51, task: TaskState.SWEEPING },
          { id: 'T-2', lon: 105.02, lat: 29.52, task: TaskState.UNLOADING },
          { id: 'T-3', lon: 105.03, lat: 29.53, task: TaskState.RETURNING },
        ],
      }),
    );
    table.applyFrame(liveFrame({ snapshot: false, removed: ['T-1', 'T-unknown'] }));
    expect(table.size).toBe(2);
    expect(table.has('T-1')).toBe(false);
    expect(sorted(table)).toEqual([
      { id: 'T-2', lon: 105.02, lat: 29.52 },
      { id: 'T-3', lon: 105.03, lat: 29.53 },
    ]);
    // The last row moved into the hole carries all its columns.
    expect(table.taskOf(table.row('T-3')!)).toBe(TaskState.RETURNING);
    expect(table.taskOf(table.row('T-2')!)).toBe(TaskState.UNLOADING);
  });

  it('replaces everything on a later snapshot (after a reconnect)', () => {
    const table = new TruckTable();
    table.applyFrame(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] }));
    table.applyFrame(liveFrame({ snapshot: true, trucks: [{ id: 'T-9', lon: 105.9, lat: 29.9 }] }));
    expect(table.positions()).toEqual([{ id: 'T-9', lon: 105.9, lat: 29.9 }]);
  });

  it('grows past its initial capacity without losing rows', () => {
    const table = new TruckTable();
    const trucks = Array.from({ length: 1000 }, (_, i) => ({ id: `T-${i}`, lon: 105 + i / 1e4, lat: 29 + i / 1e4, seq: i + 1 }));
    table.applyFrame(liveFrame({ snapshot: true, trucks }));
    expect(table.size).toBe(1000);
    const row = table.row('T-999')!;
    expect(table.lon[row]).toBeCloseTo(105.0999, 10);
    expect(table.seq[row]).toBe(1000);
  });
});
