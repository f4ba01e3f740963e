import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BikeEventKind } from '@urban-brain/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bikeEventsFromGbfs, readGbfsDocument } from './gbfs-vehicle.mapper';

const NOW_MS = Date.UTC(2026, 10, 27, 8, 0, 0);
const REPORTED_S = NOW_MS / 1000 - 120;

// GBFS 3.0 vehicle_status: RFC 3339 times, fuel 0-1, stations as parking places.
const v3 = {
  last_updated: '2026-11-27T08:00:00Z',
  ttl: 60,
  version: '3.0',
  data: {
    vehicles: [
      { vehicle_id: 'ev-1', lat: 29.581, lon: 105.061, is_reserved: false, is_disabled: false, current_range_meters: 21000, current_fuel_percent: 0.634, station_id: 'F-SZ-017', last_reported: '2026-11-27T07:58:00Z' },
      { vehicle_id: 'pb-2', lat: 29.582, lon: 105.062, is_reserved: true, is_disabled: false },
      { vehicle_id: 'pb-3', lat: 29.583, lon: 105.063, is_reserved: false, is_disabled: true, last_reported: '2026-11-27T07:59:30+08:00' },
      { vehicle_id: 'pb-4', is_reserved: true, is_disabled: false, station_id: 'F-SZ-001' },
    ],
  },
};

// GBFS 2.3 free_bike_status: POSIX seconds.
const v2 = {
  last_updated: NOW_MS / 1000,
  ttl: 0,
  version: '2.3',
  data: {
    bikes: [
      { bike_id: 'b-1', lat: 29.58, lon: 105.06, is_reserved: false, is_disabled: false, last_reported: REPORTED_S },
      { bike_id: 'b-2', lat: 29.59, lon: 105.07, is_reserved: false, is_disabled: false, current_range_meters: 5000, last_reported: REPORTED_S + 1 },
      { bike_id: 'b-3', lat: 29.59, lon: 105.07, is_reserved: false, is_disabled: false, last_reported: NOW_MS / 1000 + 3600 },
    ],
  },
};

describe('bikeEventsFromGbfs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gbfs-'));
    await writeFile(path.join(dir, 'vehicle_status.json'), JSON.stringify(v3));
    await writeFile(path.join(dir, 'free_bike_status.json'), JSON.stringify(v2));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('maps a v3 vehicle_status document read from a file', async () => {
    const { gbfsVersion, events, skipped } = bikeEventsFromGbfs(await readGbfsDocument(path.join(dir, 'vehicle_status.json')), 'meituan', NOW_MS);
    expect(gbfsVersion).toBe(3);
    expect(events).toEqual([
      expect.objectContaining({
        bikeId: 'meituan:ev-1',
        seq: Date.UTC(2026, 10, 27, 7, 58) / 1000,
        recordedAtMs: BigInt(Date.UTC(2026, 10, 27, 7, 58)),
        kind: BikeEventKind.BATTERY_REPORT,
        lon: 105.061,
        lat: 29.581,
        fenceId: 'F-SZ-017',
        inFence: true,
        isEbike: true,
        batteryPct: 63.4,
        operator: 'meituan',
      }),
      // No last_reported: the feed's last_updated stands in. Not in a station: no fence.
      expect.objectContaining({ bikeId: 'meituan:pb-2', kind: BikeEventKind.PARKED_STATE, recordedAtMs: BigInt(NOW_MS), seq: NOW_MS / 1000, fenceId: '', inFence: false, isEbike: false }),
      // A time with an offset is read as the instant it names.
      expect.objectContaining({ bikeId: 'meituan:pb-3', kind: BikeEventKind.FAULT, recordedAtMs: BigInt(Date.UTC(2026, 10, 26, 23, 59, 30)) }),
    ]);
    expect(skipped).toEqual([{ vehicleId: 'pb-4', reason: 'lon/lat: absent' }]);
  });

  it('maps a v2 free_bike_status document: POSIX seconds, range without charge is an e-bike without a battery report', async () => {
    const { gbfsVersion, events, skipped } = bikeEventsFromGbfs(await readGbfsDocument(path.join(dir, 'free_bike_status.json')), 'hellobike', NOW_MS);
    expect(gbfsVersion).toBe(2);
    expect(events).toEqual([
      expect.objectContaining({ bikeId: 'hellobike:b-1', seq: REPORTED_S, recordedAtMs: BigInt(REPORTED_S * 1000), kind: BikeEventKind.PARKED_STATE, isEbike: false }),
      expect.objectContaining({ bikeId: 'hellobike:b-2', seq: REPORTED_S + 1, kind: BikeEventKind.PARKED_STATE, isEbike: true, batteryPct: 0 }),
    ]);
    // An event ingest would refuse is not produced.
    expect(skipped).toEqual([{ vehicleId: 'b-3', reason: expect.stringMatching(/^recorded_at_ms: more than 5 minutes in the future/) }]);
  });

  it('gives the same report the same seq on every import, and a later report a higher one', () => {
    const first = bikeEventsFromGbfs(v2, 'hellobike', NOW_MS).events[0]!;
    const again = bikeEventsFromGbfs(structuredClone(v2), 'hellobike', NOW_MS).events[0]!;
    const later = structuredClone(v2);
    later.data.bikes[0]!.last_reported = REPORTED_S + 30;
    expect(again.seq).toBe(first.seq);
    expect(again.recordedAtMs).toBe(first.recordedAtMs);
    expect(bikeEventsFromGbfs(later, 'hellobike', NOW_MS).events[0]!.seq).toBeGreaterThan(first.seq);
  });

  it('refuses a document that is neither, naming the field', () => {
    expect(() => bikeEventsFromGbfs({ last_updated: 1, data: { stations: [] } }, 'meituan', NOW_MS)).toThrow(/^not a GBFS vehicle_status or free_bike_status document: data/);
    expect(() => bikeEventsFromGbfs({ data: { bikes: [] } }, 'meituan', NOW_MS)).toThrow(/last_updated/);
  });
});
