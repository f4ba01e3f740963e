import { describe, expect, it } from 'vitest';
import { TaskState, TruckKind } from '@urban-brain/proto';
import { liveFrame } from './live-frame.fixtures';
import { applyFrameToTables, createLiveTables, TRUCK_COLUMNS, type TruckTable } from './live-tables';

const positions = (table: TruckTable) =>
  table.ids.map((id, row) => ({ id, lon: table.at('lon', row), lat: table.at('lat', row) })).sort((a, b) => a.id.localeCompare(b.id));

describe('live tables: trucks', () => {
  it('takes a snapshot, then merges deltas into it', () => {
    const tables = createLiveTables();
    const snapshot = liveFrame({
      snapshot: true,
      trucks: [
        { id: 'T-1', lon: 105.01, lat: 29.51 },
        { id: 'T-2', lon: 105.02, lat: 29.52 },
      ],
    });
    expect(applyFrameToTables(snapshot, tables)).toEqual(['trucks', 'bikes', 'boats', 'corridors']);
    const delta = liveFrame({
      snapshot: false,
      trucks: [
        { id: 'T-2', lon: 105.2, lat: 29.6, task: TaskState.COLLECTING, speedKmh: 25, headingDeg: 180 },
        { id: 'T-3', lon: 105.03, lat: 29.53 },
      ],
    });
    expect(applyFrameToTables(delta, tables)).toEqual(['trucks']);
    expect(positions(tables.trucks)).toEqual([
      { id: 'T-1', lon: 105.01, lat: 29.51 },
      { id: 'T-2', lon: 105.2, lat: 29.6 },
      { id: 'T-3', lon: 105.03, lat: 29.53 },
    ]);
    const row = tables.trucks.row('T-2')!;
    expect(tables.trucks.at('taskState', row)).toBe(TaskState.COLLECTING);
    expect(tables.trucks.at('speedKmh', row)).toBe(25);
    expect(tables.trucks.at('headingDeg', row)).toBe(180);
  });

  it('keeps every column the frame carries for a truck', () => {
    const tables = createLiveTables();
    const truck = { id: 'T-1', lon: 105.01, lat: 29.51, speedKmh: 31, headingDeg: 270, task: TaskState.UNLOADING, seq: 42, recordedAtMs: 1_750_000_001_000, receivedAtMs: 1_750_000_001_250 };
    applyFrameToTables(liveFrame({ snapshot: true, trucks: [truck] }), tables);
    const row = tables.trucks.row('T-1')!;
    expect(Object.fromEntries(TRUCK_COLUMNS.map((name) => [name, tables.trucks.at(name, row)]))).toEqual({
      lon: 105.01,
      lat: 29.51,
      speedKmh: 31,
      headingDeg: 270,
      // The fixture's load and kind for every truck.
      loadKg: 500,
      taskState: TaskState.UNLOADING,
      kind: TruckKind.COMPACTOR,
      seq: 42,
      recordedAtMs: 1_750_000_001_000,
      receivedAtMs: 1_750_000_001_250,
    });
  });

  it('drops removed trucks and keeps the other rows intact', () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 'T-1', lon: 105.01, lat: 29.51, task: TaskState.SWEEPING },
          { id: 'T-2', lon: 105.02, lat: 29.52, task: TaskState.UNLOADING },
          { id: 'T-3', lon: 105.03, lat: 29.53, task: TaskState.RETURNING },
        ],
      }),
      tables,
    );
    expect(applyFrameToTables(liveFrame({ snapshot: false, removed: ['T-1', 'T-unknown'] }), tables)).toEqual(['trucks']);
    const trucks = tables.trucks;
    expect(trucks.size).toBe(2);
    expect(trucks.has('T-1')).toBe(false);
    expect(positions(trucks)).toEqual([
      { id: 'T-2', lon: 105.02, lat: 29.52 },
      { id: 'T-3', lon: 105.03, lat: 29.53 },
    ]);
    // The last row moved into the hole carries all its columns.
    expect(trucks.at('taskState', trucks.row('T-3')!)).toBe(TaskState.RETURNING);
    expect(trucks.at('taskState', trucks.row('T-2')!)).toBe(TaskState.UNLOADING);
  });

  it('replaces everything on a later snapshot (after a reconnect)', () => {
    const tables = createLiveTables();
    applyFrameToTables(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] }), tables);
    applyFrameToTables(liveFrame({ snapshot: true, trucks: [{ id: 'T-9', lon: 105.9, lat: 29.9 }] }), tables);
    expect(positions(tables.trucks)).toEqual([{ id: 'T-9', lon: 105.9, lat: 29.9 }]);
  });

  it('leaves the trucks alone on a delta without trucks or removals (a heartbeat)', () => {
    const tables = createLiveTables();
    applyFrameToTables(liveFrame({ snapshot: true, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] }), tables);
    expect(applyFrameToTables(liveFrame({ snapshot: false }), tables)).toEqual([]);
    expect(positions(tables.trucks)).toEqual([{ id: 'T-1', lon: 105, lat: 29 }]);
  });

  it('grows past its initial capacity without losing trucks', () => {
    const tables = createLiveTables();
    const trucks = Array.from({ length: 1000 }, (_, i) => ({ id: `T-${i}`, lon: 105 + i / 1e4, lat: 29 + i / 1e4, seq: i + 1 }));
    applyFrameToTables(liveFrame({ snapshot: true, trucks }), tables);
    expect(tables.trucks.size).toBe(1000);
    const row = tables.trucks.row('T-999')!;
    expect(tables.trucks.at('lon', row)).toBeCloseTo(105.0999, 10);
    expect(tables.trucks.at('seq', row)).toBe(1000);
  });
});
