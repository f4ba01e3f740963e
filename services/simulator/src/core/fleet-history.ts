import type { Logger } from '@urban-brain/common';
import type { BackfillPlan, FleetBackfillProgress } from '../backfill/backfill-plan';
import { PastReports, type DeviceSeq } from '../backfill/past-reports';
import type { FleetSink } from './fleet-clock-loop';

const GRID_MS = 1_000;
// Ticks between yields to the event loop while running through the past, so /health answers.
const TICKS_PER_SLICE = 300;
const SEND_BATCH = 2_000;
const RETRY_MS = 2_000;

export interface FleetHistoryOptions<M> {
  /** A second simulator built exactly like the live one: ticked at the same times, it is in the same state. */
  createTwin: () => (simMs: number) => M[];
  /** Grid fleets (trucks, boats): the past is thinned and seq renumbered; event fleets (bikes, signals): null. */
  deviceSeq: DeviceSeq<M> | null;
  /** Only fleets with a state to settle (the trucks' loads and bins) warm up. */
  warmsUp?: boolean;
}

/**
 * A fleet's past (SIM_BACKFILL): the live simulator and a twin built from the same seed both tick
 * every second of the window, so both reach the window's end in the same state with the same seq.
 * The live one goes through it unsent (seconds of CPU) and then runs on the wall clock; the twin
 * sends the past to the same topic, throttled by the plan's limiter, beside the live stream.
 * Same keys, same device seq numbering (gapless from the past into the live), device times in the
 * past; a restarted process with the same window sends identical records, which ingest stores once.
 */
export class FleetHistory<M> {
  private readonly reports: PastReports<M>;
  readonly progress: FleetBackfillProgress;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly fleet: string,
    private readonly options: FleetHistoryOptions<M>,
    private readonly plan: BackfillPlan,
    logger: Logger,
  ) {
    this.reports = new PastReports(options.deviceSeq, plan.pastIntervalMs);
    this.progress = { fleet, phase: 'waiting', reachedMs: plan.window?.fromMs ?? 0, messagesSent: 0 };
    plan.progress.set(fleet, this.progress);
    this.log = logger.child({ context: `FleetHistory:${fleet}` });
  }

  /** The live tick: seq continues from the past's. */
  live(messages: M[]): M[] {
    return this.reports.live(messages);
  }

  /** Runs the live simulator through the window unsent; it then goes on from the window's end. False when stopped first. */
  async fastForward(liveTick: (simMs: number) => M[]): Promise<boolean> {
    this.progress.phase = 'fast-forward';
    const started = Date.now();
    await this.walk(liveTick, this.reports, async () => undefined);
    if (this.stopped) return false;
    this.log.info({ fleet: this.fleet, seconds: Math.round((Date.now() - started) / 100) / 10 }, 'at the end of the backfill window; going live');
    return true;
  }

  /** Sends the twin's past through `sink`, throttled; never throws (a failure is logged and shown). */
  async sendPast(sink: FleetSink<M>): Promise<void> {
    const window = this.plan.window!;
    this.progress.phase = 'sending';
    this.progress.reachedMs = window.fromMs;
    const started = Date.now();
    try {
      await this.retry(() => sink.connect());
      let batch: M[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const out = batch;
        batch = [];
        await this.plan.limiter.take(out.length);
        await this.retry(() => sink.send(out));
        this.progress.messagesSent += out.length;
      };
      const twinReports = new PastReports(this.options.deviceSeq, this.plan.pastIntervalMs);
      await this.walk(
        this.options.createTwin(),
        twinReports,
        async (messages) => {
          for (const m of messages) batch.push(m);
          if (batch.length >= SEND_BATCH) await flush();
        },
      );
      await flush();
      if (this.stopped) return;
      this.progress.phase = 'done';
      this.progress.reachedMs = window.toMs;
      this.log.info({ fleet: this.fleet, messagesSent: this.progress.messagesSent, seconds: Math.round((Date.now() - started) / 100) / 10 }, 'backfill sent');
    } catch (error) {
      this.progress.phase = 'failed';
      this.progress.error = (error as Error).message;
      this.log.error({ fleet: this.fleet, error: (error as Error).message }, 'backfill failed');
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async walk(tick: (simMs: number) => M[], reports: PastReports<M>, emit: (messages: M[]) => Promise<void>): Promise<void> {
    const { fromMs, toMs } = this.plan.window!;
    const warmUpMs = this.options.warmsUp ? this.plan.warmUpMs : 0;
    let slice = 0;
    for (let t = fromMs - warmUpMs; t < toMs && !this.stopped; t += GRID_MS) {
      const out = reports.past(tick(t), t, t < fromMs);
      if (out.length > 0) await emit(out);
      this.progress.reachedMs = t;
      if (++slice >= TICKS_PER_SLICE) {
        slice = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  private async retry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (this.stopped) throw error;
        this.log.warn({ fleet: this.fleet, attempt: n, error: (error as Error).message }, 'backfill send failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
