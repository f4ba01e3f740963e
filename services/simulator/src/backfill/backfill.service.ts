import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import { BACKFILL_PLAN, LOGGER } from '../core/core.tokens';
import type { BackfillPlan, FleetBackfillProgress } from './backfill-plan';

const PROGRESS_LOG_MS = 10_000;

export interface BackfillReport {
  state: 'off' | 'running' | 'done' | 'failed';
  from: string | null;
  to: string | null;
  /** Share of the window's device time every fleet has sent, 0-100. */
  percent: number;
  messagesSent: number;
  eventsPerSecond: number;
  elapsedS: number;
  fleets: (Omit<FleetBackfillProgress, 'reachedMs'> & { reached: string })[];
}

/** The backfill's progress for /backfill and a log line every 10 s until it is done. */
@Injectable()
export class BackfillService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly startedMs = Date.now();
  private doneMs: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(
    @Inject(BACKFILL_PLAN) private readonly plan: BackfillPlan,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: 'BackfillService' });
  }

  onApplicationBootstrap(): void {
    const window = this.plan.window;
    if (!window) return;
    this.log.info({ from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString(), fleets: [...this.plan.progress.keys()] }, 'backfill starting');
    this.timer = setInterval(() => this.logProgress(), PROGRESS_LOG_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  report(now = Date.now()): BackfillReport {
    const window = this.plan.window;
    const fleets = [...this.plan.progress.values()];
    if (!window) return { state: 'off', from: null, to: null, percent: 100, messagesSent: 0, eventsPerSecond: 0, elapsedS: 0, fleets: [] };
    const span = window.toMs - window.fromMs;
    // Sending is the second half of a fleet's way; running through the past unsent is counted as nothing sent.
    const shareOf = (f: FleetBackfillProgress) => (f.phase === 'done' ? 1 : f.phase === 'sending' ? Math.max(0, Math.min(1, (f.reachedMs - window.fromMs) / span)) : 0);
    const percent = fleets.length === 0 ? 100 : Math.floor((1000 * fleets.reduce((sum, f) => sum + shareOf(f), 0)) / fleets.length) / 10;
    const messagesSent = fleets.reduce((sum, f) => sum + f.messagesSent, 0);
    const failed = fleets.some((f) => f.phase === 'failed');
    const done = fleets.every((f) => f.phase === 'done');
    if (done && this.doneMs === null) this.doneMs = now;
    const elapsedS = ((this.doneMs ?? now) - this.startedMs) / 1000;
    return {
      state: failed ? 'failed' : done ? 'done' : 'running',
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      percent,
      messagesSent,
      eventsPerSecond: elapsedS > 0 ? Math.round(messagesSent / elapsedS) : 0,
      elapsedS: Math.round(elapsedS * 10) / 10,
      fleets: fleets.map(({ reachedMs, ...f }) => ({ ...f, reached: new Date(reachedMs).toISOString() })),
    };
  }

  private logProgress(): void {
    const { fleets, ...report } = this.report();
    const phases = Object.fromEntries(fleets.map((f) => [f.fleet, `${f.phase} ${f.reached}`]));
    if (report.state === 'running') {
      this.log.info({ ...report, phases }, 'backfill progress');
      return;
    }
    clearInterval(this.timer);
    if (report.state === 'done') this.log.info({ ...report, phases }, 'backfill done');
    else this.log.error({ ...report, phases }, 'backfill failed');
  }
}
