import { CORRIDOR_OBSERVATIONS, SIGNAL_PHASES } from '@urban-brain/common';
import type { CorridorObservationSchema, SignalPhaseChangeSchema } from '@urban-brain/proto';
import type { StreamMessage } from '../core/fleet-stream-records';
import type { GreenWaveTick } from './green-wave.simulator';

/** What the green-wave corridors report: a phase change (per intersection) or a corridor observation, each of its stream. */
export type SignalMessage = StreamMessage<typeof SignalPhaseChangeSchema> | StreamMessage<typeof CorridorObservationSchema>;

/** One tick's output as messages, phase changes first, in the simulator's order. */
export function signalMessagesOf({ phaseChanges, observations }: GreenWaveTick): SignalMessage[] {
  return [
    ...phaseChanges.map((message): SignalMessage => ({ stream: SIGNAL_PHASES, message })),
    ...observations.map((message): SignalMessage => ({ stream: CORRIDOR_OBSERVATIONS, message })),
  ];
}
