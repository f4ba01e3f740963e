import { describe, expect, it } from 'vitest';
import { TaskState } from '@urban-brain/proto';
import { fakeLiveFrames } from '../entity/entity-fixtures';
import { createLiveDebugHook, type RenderStats } from './live-debug-hook';
import { liveFrame } from './live-frame.fixtures';
import { applyFrameToTables } from './live-tables';

const render: RenderStats = {
  renderedTrucks: 0,
  lastRenderAt: null,
  renderedBikes: 0,
  renderedBoats: 0,
  renderedCorridors: 0,
  shown: { trucks: true, bikes: true, boats: true, corridors: true },
};

describe('live debug hook', () => {
  it('reports the trucks held, with position and task state, as the browser tests read them', () => {
    const live = fakeLiveFrames();
    const hook = createLiveDebugHook(live, { framesReceived: 1, lastFrameAt: null, connected: true }, render);
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 'T-1', lon: 105.01, lat: 29.51, task: TaskState.COLLECTING },
          { id: 'T-2', lon: 105.02, lat: 29.52, task: TaskState.RETURNING },
        ],
      }),
      live.tables,
    );
    expect(hook.trucks()).toEqual([
      { id: 'T-1', lon: 105.01, lat: 29.51, taskState: TaskState.COLLECTING },
      { id: 'T-2', lon: 105.02, lat: 29.52, taskState: TaskState.RETURNING },
    ]);
    expect(hook.rows('trucks')[1]).toMatchObject({ id: 'T-2', columns: { lon: 105.02, lat: 29.52, taskState: TaskState.RETURNING } });
    expect(hook.layers()).toEqual({ trucks: 2, bikes: 0, boats: 0, corridors: 0 });
  });
});
