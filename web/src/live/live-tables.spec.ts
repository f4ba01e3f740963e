import { describe, expect, it } from 'vitest';
import { AmbulanceState, CallStage, TaskState, TruckKind } from '@urban-brain/proto';
import { liveFrame } from './live-frame.fixtures';
import { applyFrameToTables, createLiveTables, totalsAfter, TRUCK_COLUMNS, type TruckTable } from './live-tables';

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
    expect(applyFrameToTables(snapshot, tables)).toEqual(['trucks', 'bikes', 'boats', 'corridors', 'ambulances']);
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

describe('live tables: ambulances and open calls', () => {
  const ambulanceRow = (tables: ReturnType<typeof createLiveTables>, id: string) => {
    const t = tables.ambulances;
    const row = t.row(id)!;
    return { state: t.at('state', row), speedKmh: t.at('speedKmh', row), lon: t.at('lon', row), call: t.textAt('callIds', row), station: t.textAt('stationIds', row) };
  };
  const callRow = (tables: ReturnType<typeof createLiveTables>, id: string) => {
    const t = tables.calls;
    const row = t.row(id)!;
    return {
      stage: t.at('stage', row),
      priority: t.at('priority', row),
      receivedAtMs: t.at('receivedAtMs', row),
      ambulance: t.textAt('ambulanceIds', row),
      hospital: t.textAt('hospitalIds', row),
      district: t.textAt('districtIds', row),
    };
  };

  it('fills both tables from a snapshot, numbers and ids alike', () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        ambulances: [
          { id: 'NJ120-01', lon: 105.05, lat: 29.58, state: AmbulanceState.TO_SCENE, speedKmh: 52, callId: 'CALL-1', stationId: 'site:ambulance-station-baima' },
          { id: 'NJ120-02', lon: 105.06, lat: 29.59 },
        ],
        calls: [{ id: 'CALL-1', lon: 105.07, lat: 29.6, stage: CallStage.DISPATCHED, priority: 1, receivedAtMs: 1_750_000_100_000, ambulanceId: 'NJ120-01', districtId: 'district:shizhong' }],
      }),
      tables,
    );
    expect(tables.ambulances.size).toBe(2);
    expect(ambulanceRow(tables, 'NJ120-01')).toEqual({ state: AmbulanceState.TO_SCENE, speedKmh: 52, lon: 105.05, call: 'CALL-1', station: 'site:ambulance-station-baima' });
    expect(ambulanceRow(tables, 'NJ120-02')).toMatchObject({ state: AmbulanceState.AVAILABLE, call: '' });
    expect(callRow(tables, 'CALL-1')).toEqual({
      stage: CallStage.DISPATCHED,
      priority: 1,
      receivedAtMs: 1_750_000_100_000,
      ambulance: 'NJ120-01',
      hospital: '',
      district: 'district:shizhong',
    });
  });

  it('merges deltas, drops removed ambulances and closed calls, and says the ambulance layer changed', () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        ambulances: [
          { id: 'NJ120-01', lon: 105.05, lat: 29.58, state: AmbulanceState.ON_SCENE, callId: 'CALL-1' },
          { id: 'NJ120-02', lon: 105.06, lat: 29.59 },
        ],
        calls: [
          { id: 'CALL-1', lon: 105.07, lat: 29.6, stage: CallStage.ON_SCENE, ambulanceId: 'NJ120-01' },
          { id: 'CALL-2', lon: 105.08, lat: 29.61 },
        ],
      }),
      tables,
    );
    // The patient goes to hospital: the ambulance and its call move on together.
    const delta = liveFrame({
      snapshot: false,
      ambulances: [{ id: 'NJ120-01', lon: 105.051, lat: 29.581, state: AmbulanceState.TO_HOSPITAL, speedKmh: 45, callId: 'CALL-1' }],
      calls: [{ id: 'CALL-1', lon: 105.07, lat: 29.6, stage: CallStage.TRANSPORTING, ambulanceId: 'NJ120-01', hospitalId: 'site:hospital-first-people' }],
      removedCalls: ['CALL-2'],
      removedAmbulances: ['NJ120-02'],
    });
    expect(applyFrameToTables(delta, tables)).toEqual(['ambulances']);
    expect(tables.ambulances.ids).toEqual(['NJ120-01']);
    expect(ambulanceRow(tables, 'NJ120-01')).toMatchObject({ state: AmbulanceState.TO_HOSPITAL, speedKmh: 45, lon: 105.051, call: 'CALL-1' });
    expect(tables.calls.ids).toEqual(['CALL-1']);
    expect(callRow(tables, 'CALL-1')).toMatchObject({ stage: CallStage.TRANSPORTING, ambulance: 'NJ120-01', hospital: 'site:hospital-first-people' });
    // A closed call alone (no ambulance fix in the frame) still changes the layer.
    expect(applyFrameToTables(liveFrame({ snapshot: false, removedCalls: ['CALL-1'] }), tables)).toEqual(['ambulances']);
    expect(tables.calls.size).toBe(0);
  });

  it('leaves the ambulance layer alone on a frame without it, and empties it on a snapshot without it', () => {
    const tables = createLiveTables();
    applyFrameToTables(liveFrame({ snapshot: true, ambulances: [{ id: 'NJ120-01', lon: 105, lat: 29.5 }], calls: [{ id: 'CALL-1', lon: 105, lat: 29.5 }] }), tables);
    expect(applyFrameToTables(liveFrame({ snapshot: false, trucks: [{ id: 'T-1', lon: 105, lat: 29 }] }), tables)).toEqual(['trucks']);
    expect(tables.ambulances.size).toBe(1);
    expect(tables.calls.size).toBe(1);
    // A later snapshot holds everything the client is sent: ambulances absent from it are gone.
    applyFrameToTables(liveFrame({ snapshot: true }), tables);
    expect(tables.ambulances.size).toBe(0);
    expect(tables.calls.size).toBe(0);
  });

  it('keeps the newest ambulance totals until a frame brings others', () => {
    const first = totalsAfter(liveFrame({ snapshot: true, ambulanceTotals: { total: 40, available: 31, onCall: 9, openCalls: 11, waitingCalls: 2 } }), {});
    expect(first.ambulances).toMatchObject({ total: 40, available: 31, onCall: 9, openCalls: 11, waitingCalls: 2 });
    const held = totalsAfter(liveFrame({ snapshot: false }), first);
    expect(held).toBe(first);
    const next = totalsAfter(liveFrame({ snapshot: false, ambulanceTotals: { total: 40, openCalls: 12, waitingCalls: 3 } }), held);
    expect(next.ambulances).toMatchObject({ openCalls: 12, waitingCalls: 3 });
  });
});
