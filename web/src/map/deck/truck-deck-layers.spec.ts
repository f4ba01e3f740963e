import { TaskState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { liveFrame } from '../../live/live-frame.fixtures';
import { applyFrameToTables, createLiveTables } from '../../live/live-tables';
import { createTruckTrails, packTruckData, TRUCK_LAYER_IDS, truckDeckLayers } from './truck-deck-layers';

describe('truck layers', () => {
  it('colours trucks by task, points arrows along the heading and hides them for stopped trucks', () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 't1', lon: 105, lat: 29.5, speedKmh: 30, headingDeg: 45, task: TaskState.COLLECTING },
          { id: 't2', lon: 105.1, lat: 29.6, speedKmh: 0, task: TaskState.IDLE },
        ],
      }),
      tables,
    );
    const data = packTruckData(tables.trucks, null, 12);
    expect([...data.colors.subarray(0, 4)]).toEqual([0xfb, 0xbf, 0x24, 255]);
    expect([...data.angles]).toEqual([-45, -0]);
    expect([...data.arrowSizes]).toEqual([12, 0]);
    expect([...data.positions]).toEqual([105, 29.5, 105.1, 29.6]);
  });

  it('keeps a trail per truck from the fixes of successive frames', () => {
    const tables = createLiveTables();
    const trails = createTruckTrails();
    let data = packTruckData(tables.trucks, trails);
    for (let s = 0; s < 5; s++) {
      applyFrameToTables(liveFrame({ snapshot: false, trucks: [{ id: 't1', lon: 105 + s * 0.0003, lat: 29.5, speedKmh: 20, recordedAtMs: 1_000 * s }] }), tables);
      data = packTruckData(tables.trucks, trails);
    }
    expect(data.trails?.length).toBe(1);
    expect(data.trails?.startIndices[1]).toBe(5);
    const ids = truckDeckLayers(data, { scale: 1, stale: false, icons: null, pickable: true, selectedRow: 0 }).map((l) => l.id);
    expect(ids).toEqual([TRUCK_LAYER_IDS.trail, TRUCK_LAYER_IDS.dot, TRUCK_LAYER_IDS.selected]);
  });
});
