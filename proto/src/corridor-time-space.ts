// The green-wave corridors over HTTP: `GET /api/corridors` and `GET /api/corridors/{id}/time-space`, the
// shapes the api answers and the web's time-space diagram reads. Zod schemas so the api can check what it
// sends and the web what it gets; the types are inferred from them, so the two never drift.
import { z } from 'zod';
import { MovementPhaseState } from './gen/urbanbrain/signal/v1/signal_pb';

/** A signal head's colour as a time-space diagram draws it: the J2735 movement states in four kinds. */
export type SignalColor = 'green' | 'amber' | 'red' | 'dark';
export const SIGNAL_COLORS: readonly SignalColor[] = ['green', 'amber', 'red', 'dark'];

const COLOR_OF_STATE: Record<MovementPhaseState, SignalColor> = {
  [MovementPhaseState.UNSPECIFIED]: 'dark',
  [MovementPhaseState.UNAVAILABLE]: 'dark',
  [MovementPhaseState.DARK]: 'dark',
  [MovementPhaseState.STOP_THEN_PROCEED]: 'red',
  [MovementPhaseState.STOP_AND_REMAIN]: 'red',
  // Red with amber before green (China's GB 14886 has none, other countries do): still stop.
  [MovementPhaseState.PRE_MOVEMENT]: 'red',
  [MovementPhaseState.PERMISSIVE_MOVEMENT_ALLOWED]: 'green',
  [MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED]: 'green',
  [MovementPhaseState.PERMISSIVE_CLEARANCE]: 'amber',
  [MovementPhaseState.PROTECTED_CLEARANCE]: 'amber',
  [MovementPhaseState.CAUTION_CONFLICTING_TRAFFIC]: 'amber',
};

/** The colour of a stored phase state; an unknown number is a dark head (nothing to go by). */
export function signalColorOf(state: number): SignalColor {
  return COLOR_OF_STATE[state as MovementPhaseState] ?? 'dark';
}

const localizedName = z.object({ en: z.string(), zh: z.string() });

/** One corridor as the list and the diagram's header show it. */
export const corridorSummarySchema = z.object({
  id: z.string(),
  name: localizedName,
  lengthM: z.number(),
  intersections: z.number().int(),
  cycleS: z.number(),
  designSpeedKmh: z.number(),
  /** lengthM at the design speed. */
  designTravelTimeS: z.number(),
});
export type CorridorSummary = z.infer<typeof corridorSummarySchema>;

export const corridorListResponseSchema = z.object({ corridors: z.array(corridorSummarySchema) });
export type CorridorListResponse = z.infer<typeof corridorListResponseSchema>;

export const phaseIntervalSchema = z.object({
  color: z.enum(['green', 'amber', 'red', 'dark']),
  /** Epoch ms, clipped to the window. */
  startMs: z.number(),
  endMs: z.number(),
});
export type PhaseInterval = z.infer<typeof phaseIntervalSchema>;

export const timeSpaceIntersectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The Chinese name (the English one when the city pack has none). */
  nameZh: z.string(),
  /** Along the corridor from its start, metres. */
  distanceM: z.number(),
  /** When green starts after the corridor's cycle reference by design: distance / design speed, mod cycle. */
  designOffsetS: z.number(),
  phases: z.array(phaseIntervalSchema),
});
export type TimeSpaceIntersection = z.infer<typeof timeSpaceIntersectionSchema>;

/** One designed green band: a platoon entering at enterMs (distance 0) at the design speed leaves at exitMs (lengthM). */
export const greenBandSchema = z.object({ enterMs: z.number(), exitMs: z.number(), widthS: z.number() });
export type GreenBand = z.infer<typeof greenBandSchema>;

export const trajectorySchema = z.object({
  vehicleId: z.string(),
  /** The fleet the vehicle belongs to ("trucks", "ambulances"). */
  fleet: z.string(),
  direction: z.enum(['outbound', 'inbound']),
  /** [epoch ms, metres along the corridor], in time order. */
  points: z.array(z.tuple([z.number(), z.number()])),
  /** Intersections it reached with a known signal state, and how many of those on green. */
  arrivals: z.number().int(),
  arrivalsOnGreen: z.number().int(),
  stops: z.number().int(),
});
export type Trajectory = z.infer<typeof trajectorySchema>;

export const timeSpaceFiguresSchema = z.object({
  /** Seconds per cycle a vehicle at the design speed meets green at every intersection (the signals as they ran); null when the window holds less than a cycle of phases. */
  bandwidthS: z.number().nullable(),
  /** The designed band: the green time every intersection gives the through movement (the shortest median green), seconds. */
  designBandwidthS: z.number().nullable(),
  /** Trajectories counted below. */
  vehicles: z.number().int(),
  arrivals: z.number().int(),
  arrivalsOnGreenPct: z.number().nullable(),
  stopsPerVehicle: z.number().nullable(),
  /** Time the trajectories spent on the corridor, and the same distances at the design speed, seconds. */
  travelTimeS: z.number(),
  designTravelTimeS: z.number(),
  travelTimeRatio: z.number().nullable(),
});
export type TimeSpaceFigures = z.infer<typeof timeSpaceFiguresSchema>;

/** The corridor's own detectors in the window (the corridor-observations stream), with the alert's verdict on them. */
export const corridorObservedSchema = z.object({
  windows: z.number().int(),
  vehicles: z.number().int(),
  arrivalsOnGreenPct: z.number(),
  stops: z.number(),
  travelTimeS: z.number(),
  designTravelTimeS: z.number(),
  verdict: z.enum(['intact', 'broken', 'no-verdict']),
});
export type CorridorObserved = z.infer<typeof corridorObservedSchema>;

export const timeSpaceResponseSchema = z.object({
  corridor: corridorSummarySchema,
  fromMs: z.number(),
  toMs: z.number(),
  intersections: z.array(timeSpaceIntersectionSchema),
  designBands: z.array(greenBandSchema),
  trajectories: z.array(trajectorySchema),
  figures: timeSpaceFiguresSchema,
  observed: corridorObservedSchema.nullable(),
});
export type TimeSpaceResponse = z.infer<typeof timeSpaceResponseSchema>;
