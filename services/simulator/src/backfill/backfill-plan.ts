import type { BackfillWindow } from './backfill-window';
import type { EventRateLimiter } from './event-rate-limiter';

/** One fleet's way through the past, for /backfill and the logs. */
export interface FleetBackfillProgress {
  fleet: string;
  /** fast-forward: the live simulator runs through the past unsent (seconds); sending: its twin sends the past. */
  phase: 'waiting' | 'fast-forward' | 'sending' | 'done' | 'failed';
  /** Device time the fleet has reached, epoch ms. */
  reachedMs: number;
  messagesSent: number;
  error?: string;
}

/** What the process was asked to play before going live (SIM_BACKFILL), shared by every fleet. */
export interface BackfillPlan {
  window: BackfillWindow | null;
  /** Reporting interval of grid fleets (trucks, boats) in the past, ms; 1000 is every reading. */
  pastIntervalMs: number;
  /** Simulated before the window and never sent, so the trucks' loads and bins are mid-day, not a cold start. */
  warmUpMs: number;
  limiter: EventRateLimiter;
  progress: Map<string, FleetBackfillProgress>;
}
