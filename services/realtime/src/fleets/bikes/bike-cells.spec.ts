import { BikeEventKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { BikeCellCache, computeBikeCells, tileOf } from './bike-cells';
import { FleetLiveState } from '../../live-state/fleet-live-state';
import { bikeEvent } from '../../live-state/fleet-messages.fixtures';
import type { LiveBike } from '@urban-brain/common';
import { LIVE_BIKE_EVENTS } from './bikes.live-fleet';

const bike = (bikeId: string, lon: number, lat: number, patch: Partial<LiveBike> = {}): LiveBike => ({
  bikeId,
  seq: 1,
  recordedAtMs: 0,
  lon,
  lat,
  inFence: true,
  fenceId: 'fence:1',
  isEbike: false,
  batteryPct: 0,
  lastEvent: BikeEventKind.TRIP_END,
  receivedAtMs: 0,
  ...patch,
});

describe('tileOf', () => {
  it('follows the slippy-map tile numbering', () => {
    expect(tileOf(0, 0, 1)).toEqual({ x: 1, y: 1 });
    expect(tileOf(-180, 85, 0)).toEqual({ x: 0, y: 0 });
    // Neijiang at z14, worked by hand: x = floor(285.05/360 * 16384) = floor(12972.9);
    // y = floor((1 - ln(tan 29.58° + sec 29.58°)/pi)/2 * 16384) = floor(6781.4).
    expect(tileOf(105.05, 29.58, 14)).toEqual({ x: 12972, y: 6781 });
    // Beyond the mercator limits it clamps instead of returning NaN or an out-of-range tile.
    expect(tileOf(180, 90, 3)).toEqual({ x: 7, y: 0 });
  });
});

describe('computeBikeCells', () => {
  it('groups bikes by tile, places each cell at the mean of its bikes, and counts by state', () => {
    const z = 16;
    const bikes = [
      bike('a', 105.05, 29.58),
      bike('b', 105.0502, 29.5802, { inFence: false, fenceId: '' }),
      bike('c', 105.0504, 29.5804, { lastEvent: BikeEventKind.TRIP_START, inFence: false }),
      bike('d', 105.0501, 29.5801, { lastEvent: BikeEventKind.FAULT, inFence: false }),
      bike('far', 105.2, 29.7),
    ];
    const cells = computeBikeCells(bikes, z);
    const { x, y } = tileOf(105.05, 29.58, z);
    const near = cells.find((c) => c.cellId === `${z}/${x}/${y}`)!;
    expect(near).toMatchObject({ bikes: 4, outsideFence: 1, riding: 1, faulty: 1 });
    expect(near.lon).toBeCloseTo((105.05 + 105.0502 + 105.0504 + 105.0501) / 4, 10);
    expect(near.lat).toBeCloseTo((29.58 + 29.5802 + 29.5804 + 29.5801) / 4, 10);
    expect(cells).toHaveLength(2);
    expect(cells.reduce((sum, c) => sum + c.bikes, 0)).toBe(5);
  });

  it('has no cells without bikes', () => {
    expect(computeBikeCells([], 12)).toEqual([]);
  });
});

describe('BikeCellCache', () => {
  it('recomputes a zoom only when the bike layer version moved, and at most once per interval', () => {
    const options = { staleAfterMs: 60_000, maxEntries: 100 };
    const fleet = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), 0);
    const cache = new BikeCellCache(fleet.layer('bikes'), 1_000);
    const first = cache.cellsAt(15, 0);
    expect(cache.cellsAt(15, 5_000)).toBe(first);
    cache.cellsAt(13, 0);
    expect(cache.computations).toBe(2);

    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { lon: 105.3 }), 0);
    expect(cache.cellsAt(15, 5_500)).not.toBe(first);
    expect(cache.cellsAt(15, 5_500).map((c) => c.bikes)).toEqual([1, 1]);
    expect(cache.computations).toBe(3);
    // Moved again, but computed less than the interval ago: the held cells still serve.
    fleet.apply(LIVE_BIKE_EVENTS, bikeEvent('B-3', 1, { lon: 105.4 }), 0);
    expect(cache.cellsAt(15, 6_000)).toHaveLength(2);
    expect(cache.cellsAt(15, 6_500)).toHaveLength(3);
    expect(cache.computations).toBe(4);
  });
});
