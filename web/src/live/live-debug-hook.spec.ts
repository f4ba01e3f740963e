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
  renderedAmbulances: 0,
  shown: { trucks: true, bikes: true, boats: true, corridors: true, ambulances: true },
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
    expect(hook.layers()).toEqual({ trucks: 2, bikes: 0, boats: 0, corridors: 0, ambulances: 0 });
  });

  it('reports shown() for every live layer, as the e2e tests compare it whole', () => {
    const hook = createLiveDebugHook(fakeLiveFrames(), { framesReceived: 1, lastFrameAt: null, connected: true }, render);
    expect(hook.shown()).toEqual({ trucks: true, bikes: true, boats: true, corridors: true, ambulances: true });
    expect(hook.rendered()).toEqual({ trucks: 0, bikes: 0, boats: 0, corridors: 0, ambulances: 0 });
  });

  it('lists the ambulances and open calls held, for browser tests', () => {
    const live = fakeLiveFrames();
    const hook = createLiveDebugHook(live, { framesReceived: 1, lastFrameAt: null, connected: true }, render);
    applyFrameToTables(liveFrame({ snapshot: true, ambulances: [{ id: 'NJ120-01', lon: 105.05, lat: 29.58 }], calls: [{ id: 'CALL-1', lon: 105.07, lat: 29.6, priority: 1 }] }), live.tables);
    expect(hook.rows('ambulances')).toMatchObject([{ id: 'NJ120-01', columns: { lon: 105.05, lat: 29.58 } }]);
    expect(hook.rows('calls')).toMatchObject([{ id: 'CALL-1', columns: { lon: 105.07, priority: 1 } }]);
  });
});
