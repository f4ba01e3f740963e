import { BOAT_READINGS, TRUCK_READINGS } from '@urban-brain/common';
import { describe, expect, it } from 'vitest';
import { FleetRowMessages } from './fleet-row-message';

describe('FleetRowMessages', () => {
  it("rebuilds a stream's message from its row by the schema's field names, times from timestamptz, and names what the table lacks", () => {
    const columns = ['boat_id', 'seq', 'recorded_at', 'lon', 'lat', 'speed_kmh', 'heading_deg', 'debris_kg', 'battery_pct', 'task_state', 'ingested_at'];
    const messages = new FleetRowMessages(BOAT_READINGS, columns);
    expect(messages.notStored).toEqual(['vesselSightings']);
    const message = messages.messageOf({ boat_id: 'B-01', seq: '7', recorded_at: new Date('2026-12-02T08:00:00Z'), lon: 105.05, lat: 29.58, speed_kmh: 4.5, heading_deg: 90, debris_kg: 12, battery_pct: 18, task_state: 2 });
    expect(message).toMatchObject({ boatId: 'B-01', seq: 7, recordedAtMs: BigInt(Date.parse('2026-12-02T08:00:00Z')), batteryPct: 18, taskState: 2 });
    expect(BOAT_READINGS.findProblem(message as never, Date.parse('2026-12-02T08:00:00Z'))).toBeNull();
  });

  it('works for every fleet the same way (no list per fleet): trucks', () => {
    const messages = new FleetRowMessages(TRUCK_READINGS, ['truck_id', 'seq', 'recorded_at', 'lon', 'lat', 'speed_kmh', 'heading_deg', 'load_kg', 'task_state', 'kind']);
    const message = messages.messageOf({ truck_id: 'T-001', seq: '1', recorded_at: new Date(1_796_000_000_000), lon: 105, lat: 29.6, speed_kmh: 30, heading_deg: 10, load_kg: 900, task_state: 1, kind: 2 });
    expect(TRUCK_READINGS.deviceOf(message as never)).toBe('T-001');
    expect(TRUCK_READINGS.recordedAtMsOf(message as never)).toBe(1_796_000_000_000);
  });
});
