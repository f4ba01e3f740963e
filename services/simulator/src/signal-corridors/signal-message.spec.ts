import { create, fromBinary } from '@bufbuild/protobuf';
import { CorridorObservationSchema, SignalPhaseChangeSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { encodeSignal, signalKeyOf, signalMessagesOf, signalTopicOf } from './signal-message';

const change = create(SignalPhaseChangeSchema, { intersectionId: 'intersection:xinjiang-05', corridorId: 'corridor:xinjiang', seq: 3 });
const observation = create(CorridorObservationSchema, { corridorId: 'corridor:xinjiang', seq: 9 });
const topics = { phaseTopic: 'phases', observationTopic: 'observations' };

describe('signal messages', () => {
  const [phase, seen] = signalMessagesOf({ phaseChanges: [change], observations: [observation] });

  it('keys a phase change by intersection and an observation by corridor, each to its topic', () => {
    expect([signalKeyOf(phase!), signalTopicOf(phase!, topics)]).toEqual(['intersection:xinjiang-05', 'phases']);
    expect([signalKeyOf(seen!), signalTopicOf(seen!, topics)]).toEqual(['corridor:xinjiang', 'observations']);
  });

  it('encodes each as its own protobuf message', () => {
    expect(fromBinary(SignalPhaseChangeSchema, encodeSignal(phase!))).toEqual(change);
    expect(fromBinary(CorridorObservationSchema, encodeSignal(seen!))).toEqual(observation);
  });
});
