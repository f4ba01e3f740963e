import type { SimulatorConfig } from '../config/simulator.config';
import type { BackfillPlan } from './backfill-plan';
import { backfillWindowOf } from './backfill-window';
import { EventRateLimiter } from './event-rate-limiter';

/** The process's backfill plan from its config; no window when SIM_BACKFILL is off. */
export function backfillPlanOf(
  config: Pick<SimulatorConfig, 'SIM_BACKFILL' | 'SIM_BACKFILL_TO' | 'SIM_BACKFILL_INTERVAL_S' | 'SIM_BACKFILL_EVENTS_PER_S' | 'SIM_BACKFILL_WARM_UP_H'>,
  nowMs = Date.now(),
): BackfillPlan {
  return {
    window: backfillWindowOf(config.SIM_BACKFILL, config.SIM_BACKFILL_TO ?? nowMs),
    pastIntervalMs: config.SIM_BACKFILL_INTERVAL_S * 1000,
    warmUpMs: config.SIM_BACKFILL_WARM_UP_H * 3_600_000,
    limiter: new EventRateLimiter(config.SIM_BACKFILL_EVENTS_PER_S),
    progress: new Map(),
  };
}
