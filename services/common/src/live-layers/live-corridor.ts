import { corridorTravelTimeRatio, corridorWindowVerdict, CorridorDirection, MovementPhaseState, type CorridorObservation, type SignalPhaseChange } from '@urban-brain/proto';
import { isNewerThanHeld } from './newer-than-held';

/** The newest observation of one direction of a corridor. */
export interface CorridorSample {
  direction: CorridorDirection;
  seq: number;
  recordedAtMs: number;
  arrivalsOnGreenPct: number;
  travelTimeRatio: number;
  stops: number;
  vehicles: number;
}

/** The newest phase of one signal group of one intersection. */
export interface SignalGroupPhase {
  intersectionId: string;
  seq: number;
  recordedAtMs: number;
  phaseState: MovementPhaseState;
}

/** A green-wave corridor as the gateway holds it: newest observations and signal phases. */
export interface LiveCorridor {
  corridorId: string;
  /** Newest observation per direction. */
  observations: ReadonlyMap<CorridorDirection, CorridorSample>;
  /** Newest phase per `<intersection id>#<signal group>`. */
  signalGroups: ReadonlyMap<string, SignalGroupPhase>;
  /** Newest phase change of each intersection, any group. */
  intersections: ReadonlyMap<string, SignalGroupPhase>;
  receivedAtMs: number;
}

// A corridor has ~10 intersections with a few signal groups each; a producer
// inventing ids must not grow one corridor's entry without bound.
export const MAX_SIGNAL_GROUPS_PER_CORRIDOR = 1_024;

const emptyCorridor = (corridorId: string, receivedAtMs: number): LiveCorridor => ({
  corridorId,
  observations: new Map(),
  signalGroups: new Map(),
  intersections: new Map(),
  receivedAtMs,
});

/**
 * The corridor with a new observation, or null when it is not newer than that direction's held one, or when
 * no vehicle crossed in its window: such a window gives no verdict (corridor-verdict.ts), so the corridor
 * keeps showing the last window that did, as the alert keeps its streak.
 */
export const corridorWithObservation =
  (observation: CorridorObservation, receivedAtMs: number) =>
  (held: LiveCorridor | undefined): LiveCorridor | null => {
    if (!(observation.vehicles > 0)) return null;
    const corridor = held ?? emptyCorridor(observation.corridorId, receivedAtMs);
    const recordedAtMs = Number(observation.recordedAtMs);
    if (!isNewerThanHeld(corridor.observations.get(observation.direction), recordedAtMs, observation.seq)) return null;
    const observations = new Map(corridor.observations);
    observations.set(observation.direction, {
      direction: observation.direction,
      seq: observation.seq,
      recordedAtMs,
      arrivalsOnGreenPct: observation.arrivalsOnGreenPct,
      travelTimeRatio: corridorTravelTimeRatio(observation.travelTimeS, observation.designTravelTimeS),
      stops: observation.stops,
      vehicles: observation.vehicles,
    });
    return { ...corridor, observations, receivedAtMs };
  };

/** The corridor with a new signal phase, or null when it is not newer than the held phase of that group. */
export const corridorWithPhase =
  (change: SignalPhaseChange, receivedAtMs: number) =>
  (held: LiveCorridor | undefined): LiveCorridor | null => {
    const corridor = held ?? emptyCorridor(change.corridorId, receivedAtMs);
    const key = `${change.intersectionId}#${change.signalGroup}`;
    const recordedAtMs = Number(change.recordedAtMs);
    const heldGroup = corridor.signalGroups.get(key);
    if (!isNewerThanHeld(heldGroup, recordedAtMs, change.seq)) return null;
    if (!heldGroup && corridor.signalGroups.size >= MAX_SIGNAL_GROUPS_PER_CORRIDOR) return null;
    const phase: SignalGroupPhase = { intersectionId: change.intersectionId, seq: change.seq, recordedAtMs, phaseState: change.phaseState };
    const signalGroups = new Map(corridor.signalGroups).set(key, phase);
    const intersections = new Map(corridor.intersections);
    const heldIntersection = intersections.get(change.intersectionId);
    if (!heldIntersection || recordedAtMs >= heldIntersection.recordedAtMs) intersections.set(change.intersectionId, phase);
    return { ...corridor, signalGroups, intersections, receivedAtMs };
  };

export type PhaseColour = 'green' | 'amber' | 'red' | 'dark';

/** The colour a driver sees for a J2735 movement phase state. */
export function phaseColour(state: MovementPhaseState): PhaseColour {
  switch (state) {
    case MovementPhaseState.PERMISSIVE_MOVEMENT_ALLOWED:
    case MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED:
      return 'green';
    case MovementPhaseState.PERMISSIVE_CLEARANCE:
    case MovementPhaseState.PROTECTED_CLEARANCE:
    case MovementPhaseState.CAUTION_CONFLICTING_TRAFFIC:
      return 'amber';
    case MovementPhaseState.STOP_THEN_PROCEED:
    case MovementPhaseState.STOP_AND_REMAIN:
    case MovementPhaseState.PRE_MOVEMENT:
      return 'red';
    default:
      return 'dark';
  }
}

/**
 * The direction doing worse, so a wave broken one way is not hidden by the other: a broken window (by arrivals
 * on green or by travel time) before an intact one, then the lower share of arrivals on green.
 */
export function worseDirection(corridor: LiveCorridor): CorridorSample | undefined {
  let worse: CorridorSample | undefined;
  let worseBroken = false;
  for (const sample of corridor.observations.values()) {
    const broken = corridorWindowVerdict(sample) === 'broken';
    if (!worse || (broken && !worseBroken) || (broken === worseBroken && sample.arrivalsOnGreenPct < worse.arrivalsOnGreenPct)) {
      worse = sample;
      worseBroken = broken;
    }
  }
  return worse;
}
