import { BoatTaskState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../live/column-table';
import { BOAT_COLUMNS } from '../../live/live-tables';
import { BOAT_LAYER_IDS, boatDeckLayers, createBoatTracks, DebrisHotspots, hotspotRadiusPx, labelledHotspots, packBoatData } from './boat-deck-layers';

describe('DebrisHotspots', () => {
  it('adds each rise of a boat debris load to the cell it was picked up in', () => {
    const debris = new DebrisHotspots();
    debris.observe('b1', 105.05, 29.6, 10);
    debris.observe('b1', 105.05, 29.6, 14);
    debris.observe('b1', 105.0501, 29.6, 15);
    debris.observe('b2', 105.06, 29.61, 3);
    debris.observe('b2', 105.06, 29.61, 5);
    const spots = debris.hotspots(0);
    expect(spots.map((s) => s.kg)).toEqual([5, 2]);
    expect(spots[0]!.lon).toBeCloseTo(105.05005, 6);
  });

  it('treats the first reading as a baseline and an unload as a new baseline, not as debris', () => {
    const debris = new DebrisHotspots();
    debris.observe('b1', 105.05, 29.6, 80);
    debris.observe('b1', 105.05, 29.6, 0);
    debris.observe('b1', 105.05, 29.6, 1);
    expect(debris.hotspots(0).map((s) => s.kg)).toEqual([1]);
  });

  it('sizes a hotspot by the kilograms found there, within bounds', () => {
    expect(hotspotRadiusPx(16)).toBeGreaterThan(hotspotRadiusPx(1));
    expect(hotspotRadiusPx(1e6, 2)).toBe(68);
  });
});

describe('boat layers', () => {
  it('packs the table, feeds the sweep tracks and draws hotspots, tracks, rings and hulls', () => {
    const table = new ColumnTable(BOAT_COLUMNS);
    const tracks = createBoatTracks();
    const debris = new DebrisHotspots();
    for (let s = 0; s < 3; s++) {
      table.apply(true, [], ['boat-1'], {
        lon: [105.05 + s * 0.0002],
        lat: [29.6],
        speedKmh: [4],
        headingDeg: [90],
        debrisKg: [s * 2],
        batteryPct: [80],
        taskState: [BoatTaskState.SWEEPING],
      });
      packBoatData(table, tracks, debris, 1000 * (s + 1));
    }
    const data = packBoatData(table, tracks, debris, 4000);
    expect(data.tracks?.length).toBe(1);
    expect(data.tracks?.startIndices[1]).toBe(3);
    expect(data.angles[0]).toBe(-90);
    expect(data.hotspots.length).toBeGreaterThan(0);
    const ids = boatDeckLayers(data, { scale: 1, stale: false, icons: null, selectedRow: 0 }).map((l) => l.id);
    expect(ids).toEqual([BOAT_LAYER_IDS.hotspot, BOAT_LAYER_IDS.hotspotLabel, BOAT_LAYER_IDS.track, BOAT_LAYER_IDS.ring, BOAT_LAYER_IDS.selected]);
  });
});

describe('labelledHotspots', () => {
  it('labels the heaviest hotspots that stand apart, at most three', () => {
    const spots = [
      { lon: 105, lat: 29.6, kg: 20 },
      { lon: 105.0005, lat: 29.6, kg: 15 },
      { lon: 105.01, lat: 29.6, kg: 9 },
      { lon: 105.02, lat: 29.6, kg: 5 },
      { lon: 105.03, lat: 29.6, kg: 4 },
    ];
    expect(labelledHotspots(spots).map((s) => s.kg)).toEqual([20, 9, 5]);
  });
});
