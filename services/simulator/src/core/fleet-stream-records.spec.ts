import { create } from '@bufbuild/protobuf';
import { CORRIDOR_OBSERVATIONS, parseStreamMessage, SIGNAL_PHASES, TRUCK_READINGS } from '@urban-brain/common';
import { CorridorObservationSchema, TruckReadingSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { streamRecords, taggedStreamRecords, type StreamMessage } from './fleet-stream-records';
import { toFleetRecord } from './fleet-topic.producer';

describe('fleet stream records', () => {
  it('sends a one-stream fleet to its topic, keyed by the device its descriptor names', () => {
    const records = streamRecords(TRUCK_READINGS, 'it.trucks');
    expect([records.fleet, records.topic, records.topicOf]).toEqual(['trucks', 'it.trucks', undefined]);
    const reading = create(TruckReadingSchema, { truckId: 'NJ-SAN-0007', seq: 4, lon: 105.05, lat: 29.58 });
    const record = toFleetRecord(reading, records);
    expect(record.key).toBe('NJ-SAN-0007');
    expect(parseStreamMessage(TRUCK_READINGS, record.value as Buffer)).toEqual(reading);
  });

  it('refuses streams of two fleets, and a message of a stream it has no topic for', () => {
    expect(() => taggedStreamRecords([{ stream: SIGNAL_PHASES, topic: 'a' }, { stream: TRUCK_READINGS, topic: 'b' }])).toThrow(
      'streams of one fleet expected (signals); not of it: truck-readings',
    );
    expect(() => taggedStreamRecords([])).toThrow('at least one stream');
    const phasesOnly = taggedStreamRecords<StreamMessage>([{ stream: SIGNAL_PHASES, topic: 'phases' }]);
    const observation = { stream: CORRIDOR_OBSERVATIONS, message: create(CorridorObservationSchema, { corridorId: 'corridor:xinjiang' }) };
    expect(() => phasesOnly.topicOf!(observation)).toThrow('signals has no topic for stream corridor-observations');
  });
});
