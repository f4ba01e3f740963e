import { create, fromBinary } from '@bufbuild/protobuf';
import { CORRIDOR_OBSERVATIONS, SIGNAL_PHASES } from '@urban-brain/common';
import { CorridorObservationSchema, SignalPhaseChangeSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { taggedStreamRecords } from '../core/fleet-stream-records';
import { signalMessagesOf, type SignalMessage } from './signal-message';

const change = create(SignalPhaseChangeSchema, { intersectionId: 'intersection:xinjiang-05', corridorId: 'corridor:xinjiang', seq: 3 });
const observation = create(CorridorObservationSchema, { corridorId: 'corridor:xinjiang', seq: 9 });
// What the service sends them with: the records of the signals' streams.
const records = taggedStreamRecords<SignalMessage>([
  { stream: SIGNAL_PHASES, topic: 'phases' },
  { stream: CORRIDOR_OBSERVATIONS, topic: 'observations' },
]);
const signalKeyOf = records.keyOf;
const signalTopicOf = records.topicOf!;
const encodeSignal = records.encode;

describe('signal messages', () => {
  const [phase, seen] = signalMessagesOf({ phaseChanges: [change], observations: [observation] });

  it('keys a phase change by intersection and an observation by corridor, each to its topic', () => {
    expect([signalKeyOf(phase!), signalTopicOf(phase!)]).toEqual(['intersection:xinjiang-05', 'phases']);
    expect([signalKeyOf(seen!), signalTopicOf(seen!)]).toEqual(['corridor:xinjiang', 'observations']);
  });

  it('encodes each as its own protobuf message', () => {
    expect(fromBinary(SignalPhaseChangeSchema, encodeSignal(phase!))).toEqual(change);
    expect(fromBinary(CorridorObservationSchema, encodeSignal(seen!))).toEqual(observation);
  });
});
