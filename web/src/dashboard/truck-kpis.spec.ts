import { describe, expect, it } from 'vitest';
import { TaskState } from '@urban-brain/proto';
import { liveFrame } from '../live/live-frame.fixtures';
import { applyFrameToTables, createLiveTables } from '../live/live-tables';
import { truckKpis } from './truck-kpis';

function table() {
  const tables = createLiveTables();
  applyFrameToTables(
    liveFrame({
      snapshot: true,
      trucks: [
        { id: 'T-1', lon: 105.01, lat: 29.5, speedKmh: 30, headingDeg: 90, task: TaskState.COLLECTING },
        { id: 'T-2', lon: 105.02, lat: 29.5, speedKmh: 0.5, task: TaskState.IDLE },
        { id: 'T-3', lon: 105.03, lat: 29.5, speedKmh: 12, task: TaskState.COLLECTING },
      ],
    }),
    tables,
  );
  return tables.trucks;
}

describe('truck KPIs', () => {
  it('counts trucks on the map, moving trucks and trucks per task', () => {
    const kpis = truckKpis(table());
    expect(kpis.onMap).toBe(3);
    expect(kpis.moving).toBe(2);
    expect(kpis.byTask[TaskState.COLLECTING]).toBe(2);
    expect(kpis.byTask[TaskState.IDLE]).toBe(1);
    expect(kpis.byTask[TaskState.SWEEPING]).toBe(0);
  });
});
