import { AmbulanceState, CallStage } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { liveFrame } from '../../live/live-frame.fixtures';
import { applyFrameToTables, createLiveTables } from '../../live/live-tables';
import { AMBULANCE_STATE_COLORS, CALL_OVERDUE_MS, callColor } from '../ambulance-style';
import { hexToRgba } from './deck-colors';
import { AMBULANCE_LAYER_IDS, ambulanceDeckLayers, createAmbulanceTrails, packAmbulanceData, packCallData } from './ambulance-deck-layers';

const NOW = Date.UTC(2025, 4, 1, 10, 0);

describe('ambulance layers', () => {
  it('colours ambulances by state and keeps a trail per ambulance from successive fixes', () => {
    const tables = createLiveTables();
    const trails = createAmbulanceTrails();
    let data = packAmbulanceData(tables.ambulances, trails);
    for (let s = 0; s < 4; s++) {
      applyFrameToTables(
        liveFrame({
          snapshot: s === 0,
          ambulances: [
            { id: 'NJ120-01', lon: 105 + s * 0.0004, lat: 29.5, state: AmbulanceState.TO_SCENE, recordedAtMs: NOW + s * 1000 },
            { id: 'NJ120-02', lon: 105.1, lat: 29.6, state: AmbulanceState.AVAILABLE, recordedAtMs: NOW + s * 1000 },
          ],
        }),
        tables,
      );
      data = packAmbulanceData(tables.ambulances, trails);
    }
    expect([...data.colors.subarray(0, 4)]).toEqual(hexToRgba(AMBULANCE_STATE_COLORS[AmbulanceState.TO_SCENE]));
    expect([...data.colors.subarray(4, 8)]).toEqual(hexToRgba(AMBULANCE_STATE_COLORS[AmbulanceState.AVAILABLE]));
    expect([...data.positions.subarray(2, 4)]).toEqual([105.1, 29.6]);
    // The moving ambulance has a trail of its four fixes; the one parked at its station none (one spot).
    expect(trails.pointsOf('NJ120-01')).toBe(4);
    expect(trails.pointsOf('NJ120-02')).toBe(1);
    expect(data.trails!.length).toBe(1);
    expect([...data.trails!.colors.subarray(0, 3)]).toEqual(hexToRgba(AMBULANCE_STATE_COLORS[AmbulanceState.TO_SCENE]).slice(0, 3));
  });

  it('colours calls by age and stage for the time it is drawn, and sizes them by priority', () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        calls: [
          { id: 'CALL-new', lon: 105, lat: 29.5, stage: CallStage.RECEIVED, priority: 1, receivedAtMs: NOW },
          { id: 'CALL-old', lon: 105.01, lat: 29.5, stage: CallStage.DISPATCHED, priority: 3, receivedAtMs: NOW - CALL_OVERDUE_MS },
        ],
      }),
      tables,
    );
    const at = (calls: ReturnType<typeof packCallData>, row: number) => [...calls.lineColors.subarray(row * 4, row * 4 + 4)];
    const now = packCallData(tables.calls, NOW);
    expect(at(now, 0)).toEqual(callColor(CallStage.RECEIVED, NOW, NOW));
    expect(at(now, 1)).toEqual(callColor(CallStage.DISPATCHED, NOW - CALL_OVERDUE_MS, NOW));
    expect(now.fillColors[3]).toBeLessThan(now.lineColors[3]!);
    expect(now.radii[0]).toBeGreaterThan(now.radii[1]!);
    // No new frame, ten minutes later: the new call has aged.
    const later = packCallData(tables.calls, NOW + 10 * 60_000);
    expect(at(later, 0)).not.toEqual(at(now, 0));
    expect(at(later, 0)).toEqual(callColor(CallStage.RECEIVED, NOW, NOW + 10 * 60_000));
  });

  it('draws calls under the ambulances, the cross with an icon atlas, and the selected call and ambulance', () => {
    const tables = createLiveTables();
    applyFrameToTables(liveFrame({ snapshot: true, ambulances: [{ id: 'A', lon: 105, lat: 29.5 }], calls: [{ id: 'C', lon: 105, lat: 29.5 }] }), tables);
    const ambulances = packAmbulanceData(tables.ambulances, null);
    const calls = packCallData(tables.calls, NOW);
    const ids = ambulanceDeckLayers(ambulances, calls, { scale: 1, stale: false, icons: null, selectedAmbulanceRow: 0, selectedCallRow: 0 }).map((l) => l.id);
    expect(ids).toEqual([AMBULANCE_LAYER_IDS.call, AMBULANCE_LAYER_IDS.callSelected, AMBULANCE_LAYER_IDS.dot, AMBULANCE_LAYER_IDS.selected]);
  });
});
