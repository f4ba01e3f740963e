import { toBinary } from '@bufbuild/protobuf';
import { CorridorObservationSchema, SignalPhaseChangeSchema, type CorridorObservation, type SignalPhaseChange } from '@urban-brain/proto';
import type { GreenWaveTick } from './green-wave.simulator';

/** What the green-wave corridors report: a phase change (per intersection) or a corridor observation. */
export type SignalMessage = { kind: 'phase-change'; change: SignalPhaseChange } | { kind: 'observation'; observation: CorridorObservation };

/** One tick's output as messages, phase changes first, in the simulator's order. */
export function signalMessagesOf({ phaseChanges, observations }: GreenWaveTick): SignalMessage[] {
  return [
    ...phaseChanges.map((change): SignalMessage => ({ kind: 'phase-change', change })),
    ...observations.map((observation): SignalMessage => ({ kind: 'observation', observation })),
  ];
}

/** The record key: the intersection (one controller, one partition, in order) or the corridor. */
export function signalKeyOf(message: SignalMessage): string {
  return message.kind === 'phase-change' ? message.change.intersectionId : message.observation.corridorId;
}

export function encodeSignal(message: SignalMessage): Uint8Array {
  return message.kind === 'phase-change' ? toBinary(SignalPhaseChangeSchema, message.change) : toBinary(CorridorObservationSchema, message.observation);
}

export interface SignalTopics {
  phaseTopic: string;
  observationTopic: string;
}

export function signalTopicOf(message: SignalMessage, { phaseTopic, observationTopic }: SignalTopics): string {
  return message.kind === 'phase-change' ? phaseTopic : observationTopic;
}
