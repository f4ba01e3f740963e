import { AmbulanceState, CallStage } from '@urban-brain/proto';
import { hexToRgba, type Rgba } from './deck/deck-colors';

// One colour per ambulance state, saturated so it reads on a dark 4K wall and
// apart from the trucks' pastel task colours (rose, amber, violet, sky, emerald)
// and the boats' cyan and yellow: pure emergency red, orange, magenta, royal
// blue, lime green, neutral grey. The white outline and cross (the deck layer)
// tell an ambulance from a truck whatever the colour. The legend reads this table.
export const AMBULANCE_STATE_COLORS: Record<AmbulanceState, string> = {
  [AmbulanceState.UNSPECIFIED]: '#737373',
  [AmbulanceState.AVAILABLE]: '#5ee03a',
  [AmbulanceState.TO_SCENE]: '#ff2e2e',
  [AmbulanceState.ON_SCENE]: '#ff8a00',
  [AmbulanceState.TO_HOSPITAL]: '#e040fb',
  [AmbulanceState.AT_HOSPITAL]: '#3d7bff',
  [AmbulanceState.RETURNING]: '#b3b3b3',
};

/** Ambulance states in legend order: the call's round, then free again. */
export const LEGEND_AMBULANCE_STATES: AmbulanceState[] = [
  AmbulanceState.TO_SCENE,
  AmbulanceState.ON_SCENE,
  AmbulanceState.TO_HOSPITAL,
  AmbulanceState.AT_HOSPITAL,
  AmbulanceState.RETURNING,
  AmbulanceState.AVAILABLE,
];

// An open call's marker ages from yellow (just received) through orange to red
// while no ambulance is on scene; red from CALL_OVERDUE_MS on. Twelve minutes:
// the city's response p90 is about 7.5 min (the simulator's, city-packs/neijiang),
// so a call still waiting at 12 is one a dispatcher must look at now.
export const CALL_OVERDUE_MS = 12 * 60_000;
export const CALL_NEW_COLOR = '#ffe14d';
export const CALL_AGEING_COLOR = '#ff9f1a';
export const CALL_OVERDUE_COLOR = '#ff2e2e';
// An ambulance is with the patient: the call no longer needs the eye.
export const CALL_SERVED_COLOR = '#cbd5e1';

/** Until an ambulance reaches the patient, a call is waiting (the response time runs). */
export const callAwaitsAmbulance = (stage: CallStage): boolean =>
  stage === CallStage.RECEIVED || stage === CallStage.DISPATCHED || stage === CallStage.UNSPECIFIED;

const NEW = hexToRgba(CALL_NEW_COLOR);
const AGEING = hexToRgba(CALL_AGEING_COLOR);
const OVERDUE = hexToRgba(CALL_OVERDUE_COLOR);
const SERVED = hexToRgba(CALL_SERVED_COLOR, 200);

const mix = (from: Rgba, to: Rgba, t: number): Rgba => [
  Math.round(from[0] + (to[0] - from[0]) * t),
  Math.round(from[1] + (to[1] - from[1]) * t),
  Math.round(from[2] + (to[2] - from[2]) * t),
  Math.round(from[3] + (to[3] - from[3]) * t),
];

/**
 * An open call's colour at `nowMs`: yellow when received, orange at half of
 * CALL_OVERDUE_MS, red from it on, while no ambulance is on scene; pale grey
 * once one is. A clock behind the dispatch system's (negative age) counts as new.
 */
export function callColor(stage: CallStage, receivedAtMs: number, nowMs: number): Rgba {
  if (!callAwaitsAmbulance(stage)) return [...SERVED];
  const t = Math.min(1, Math.max(0, (nowMs - receivedAtMs) / CALL_OVERDUE_MS));
  return t <= 0.5 ? mix(NEW, AGEING, t * 2) : mix(AGEING, OVERDUE, (t - 0.5) * 2);
}

/** A call marker's radius in pixels at UI scale 1: priority 1 (life-threatening) largest. */
export function callRadiusPx(priority: number): number {
  if (priority <= 1) return 15;
  return priority === 2 ? 11 : 9;
}
