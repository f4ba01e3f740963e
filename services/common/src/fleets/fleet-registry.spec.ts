import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import * as topics from '@urban-brain/proto';
import { decodeCheckedStreamMessage, encodeStreamMessage, identityOf } from './fleet-descriptor';
import { FLEET_STREAMS, FLEETS, fleetStream } from './fleet-registry';
import { TRUCK_READINGS } from './trucks.fleet';

describe('the fleet registry', () => {
  it('gives every stream its own name, topic and topic setting, and the key field its schema has', () => {
    for (const key of ['name', 'topic', 'topicSetting'] as const) {
      const values = FLEET_STREAMS.map((s) => s[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
    for (const stream of FLEET_STREAMS) {
      const names = stream.schema.fields.map((f) => f.name);
      expect(names, stream.name).toEqual(expect.arrayContaining([stream.keyField, 'recorded_at_ms', 'seq']));
      expect(FLEETS.some((fleet) => fleet.name === stream.fleet && fleet.streams.includes(stream)), stream.name).toBe(true);
    }
  });

  it('covers every fleet topic the contracts declare', () => {
    // Not fleet streams: bad records, and what the product says about the fleets (alerts, dispatch tasks).
    const notFleets = ['TOPIC_DEAD_LETTER', 'TOPIC_ALERTS', 'TOPIC_DISPATCH'];
    const declared = Object.entries(topics)
      .filter(([name]) => name.startsWith('TOPIC_') && !notFleets.includes(name))
      .map(([, topic]) => topic);
    expect(FLEET_STREAMS.map((s) => s.topic).sort()).toEqual([...declared].sort());
  });

  it('decodes, checks and names a message by its stream', () => {
    const reading = create(TRUCK_READINGS.schema, { truckId: 'T-1', seq: 3, recordedAtMs: 1_796_000_000_000n, lon: 105.05, lat: 29.58, taskState: 1, kind: 1 });
    const bytes = encodeStreamMessage(TRUCK_READINGS, reading);
    const decoded = decodeCheckedStreamMessage(TRUCK_READINGS, bytes, undefined, 1_796_000_000_000);
    expect(decoded).toMatchObject({ ok: true, message: { truckId: 'T-1', seq: 3 } });
    expect(identityOf(TRUCK_READINGS, reading)).toBe('T-1 1796000000000 3');
    const refused = decodeCheckedStreamMessage(TRUCK_READINGS, encodeStreamMessage(TRUCK_READINGS, { ...reading, seq: 0 }), undefined, 1_796_000_000_000);
    expect(refused).toEqual({ ok: false, error: 'seq: must start at 1 (got 0)' });
    expect(() => fleetStream('taxis')).toThrow(/no fleet stream named "taxis"; streams: truck-readings, /);
  });
});
