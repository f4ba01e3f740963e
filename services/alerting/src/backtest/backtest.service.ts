import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { FLEET_STREAMS, type FleetStreamDescriptor } from '@urban-brain/common';
import type { BacktestProgress, BacktestResult, BacktestState, BacktestStreamSource } from '@urban-brain/proto';
import type { Kafka } from 'kafkajs';
import { ALERTING_CONFIG, topicOf, type AlertingConfig } from '../config/alerting.config';
import { CITY_PACK, KAFKA } from '../core/core.tokens';
import { AlertEngine } from '../engine/alert-engine';
import { AlertEvaluationService } from '../evaluation/alert-evaluation.service';
import type { RuleSet } from '../rules/rule-definition';
import { parseRuleSet } from '../rules/rule-set';
import { AlertBook } from './alert-book';
import { backtestRequestSchema, type ParsedBacktestRequest } from './backtest-request.schema';
import { BacktestError, BacktestErrorCode } from './backtest.error';
import { diffAlerts, MATCH_TOLERANCE_MS } from './backtest-diff';
import { BacktestReplay } from './backtest-replay';
import { DatabaseWindowSource, type StoredStream } from './database-window.source';
import { FleetRowMessages } from './fleet-row-message';
import { FleetRowsRepository } from './fleet-rows.repository';
import { KafkaWindowSource, sliceTopic, type StreamSlices } from './kafka-window.source';
import { StoredAlertsRepository } from './stored-alerts.repository';
import { BacktestCancelled, type WindowSource } from './timed-observation';

// A result is kept in memory for the replay page to fetch and download; the oldest go first.
const KEEP_RUNS = 20;
// The would-have-fired alerts kept per run (a rule gone wild over a week is counted beyond it).
const KEEP_ALERTS = 50_000;

interface BacktestRun {
  id: string;
  request: ParsedBacktestRequest;
  ruleSetKind: 'current' | 'draft';
  rules: RuleSet;
  fromMs: number;
  toMs: number;
  startedAt: Date;
  finishedAt: Date | null;
  state: BacktestState;
  error: string | null;
  sources: BacktestStreamSource[];
  book: AlertBook;
  replay: BacktestReplay;
  cancelled: boolean;
  result: BacktestResult | null;
}

/**
 * Runs a rule set over a recorded window through its own AlertEngine (the live service's class, a
 * second instance): the fleet topics read from the offsets of the window's start in a throwaway
 * consumer group, or the stored rows when the topics no longer hold it; the engine's state warmed up
 * as the live consumer rebuilds it after a restart (ALERTING_WARM_UP_S before the start; streams
 * that report only changes from the start of retention). Dry-run: signals go to an in-memory
 * AlertBook; nothing is written to the alert tables, the outbox or a topic. The stored alerts are
 * only read, to compare.
 */
@Injectable()
export class BacktestService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BacktestService.name);
  private readonly runs = new Map<string, BacktestRun>();

  constructor(
    private readonly evaluation: AlertEvaluationService,
    private readonly rows: FleetRowsRepository,
    private readonly storedAlerts: StoredAlertsRepository,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CITY_PACK) private readonly cityPack: CityPack,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  beforeApplicationShutdown(): void {
    for (const run of this.runs.values()) run.cancelled = true;
  }

  /** Checks the request and starts the run; answers its id at once. */
  start(body: unknown): { id: string } {
    const request = this.parse(body);
    const fromMs = Date.parse(request.from);
    const toMs = Date.parse(request.to);
    const problems: string[] = [];
    const maxH = this.config.ALERTING_BACKTEST_MAX_WINDOW_H;
    if (toMs <= fromMs) problems.push('to: must be after from');
    else if (toMs - fromMs > maxH * 3_600_000) problems.push(`to: the window is at most ${maxH} hours (${+(maxH / 24).toFixed(1)} days; ALERTING_BACKTEST_MAX_WINDOW_H, the fleet topics' retention)`);
    if (fromMs > Date.now()) problems.push('from: must not be in the future');
    if (problems.length > 0) throw new BacktestError(BacktestErrorCode.INVALID_BACKTEST, 'Invalid backtest', problems);

    const ruleSetKind = request.ruleSet.trim() === 'current' ? 'current' : 'draft';
    const rules = this.ruleSetOf(request, ruleSetKind);
    const running = [...this.runs.values()].filter((run) => run.state === 'running').length;
    if (running >= this.config.ALERTING_BACKTEST_MAX_RUNNING) {
      throw new BacktestError(BacktestErrorCode.BACKTEST_BUSY, `${running} backtest${running === 1 ? ' is' : 's are'} running, the most this service runs at once (ALERTING_BACKTEST_MAX_RUNNING); try again when it is done, or cancel it`);
    }
    const engine = new AlertEngine(rules, this.cityPack);
    const book = new AlertBook(KEEP_ALERTS);
    const run: BacktestRun = {
      id: randomUUID(),
      request,
      ruleSetKind,
      rules,
      fromMs,
      toMs,
      startedAt: new Date(),
      finishedAt: null,
      state: 'running',
      error: null,
      sources: [],
      book,
      replay: new BacktestReplay(engine, book, fromMs),
      cancelled: false,
      result: null,
    };
    this.runs.set(run.id, run);
    this.forgetOld();
    void this.execute(run, engine);
    return { id: run.id };
  }

  progress(id: string): BacktestProgress {
    const run = this.find(id);
    const span = run.toMs - run.fromMs;
    const position = Math.min(run.toMs, Math.max(run.fromMs, run.replay.positionMs));
    return {
      id: run.id,
      state: run.state,
      ruleSet: run.ruleSetKind,
      rules: run.rules.rules.length,
      from: new Date(run.fromMs).toISOString(),
      to: new Date(run.toMs).toISOString(),
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      eventsRead: run.replay.events,
      position: new Date(position).toISOString(),
      progress: run.state === 'done' ? 1 : span > 0 ? (position - run.fromMs) / span : 0,
      sources: run.sources,
      error: run.error,
    };
  }

  result(id: string): BacktestResult {
    const run = this.find(id);
    if (!run.result) throw new BacktestError(BacktestErrorCode.BACKTEST_NOT_DONE, `Backtest ${id} is ${run.state}${run.error ? ` (${run.error})` : ''}; it has no result`);
    return run.result;
  }

  /** Stops a running backtest (its consumer leaves, its group is deleted); a finished one stays as it is. */
  cancel(id: string): BacktestProgress {
    const run = this.find(id);
    if (run.state === 'running') run.cancelled = true;
    return this.progress(id);
  }

  private parse(body: unknown): ParsedBacktestRequest {
    const parsed = backtestRequestSchema.strict().safeParse(body ?? {});
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')}: not a field of a backtest (ruleSet, from, to, streams, source)` : `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new BacktestError(BacktestErrorCode.INVALID_BACKTEST, 'Invalid backtest', problems);
  }

  /** The set in force, or the draft parsed as POST /rules/validate parses it (the same problems, naming rule and field); only the asked streams' rules. */
  private ruleSetOf(request: ParsedBacktestRequest, kind: 'current' | 'draft'): RuleSet {
    let ruleSet: RuleSet;
    if (kind === 'current') ruleSet = this.evaluation.ruleSetInForce();
    else {
      try {
        ruleSet = parseRuleSet(request.ruleSet, 'draft', this.cityPack, 0);
      } catch (error) {
        throw new BacktestError(BacktestErrorCode.INVALID_DRAFT, 'The draft rule set has problems', (error as Error).message.split('\n'));
      }
    }
    const streams = request.streams;
    return streams ? { ...ruleSet, rules: ruleSet.rules.filter((rule) => streams.includes(rule.stream)) } : ruleSet;
  }

  private async execute(run: BacktestRun, engine: AlertEngine): Promise<void> {
    const admin = this.kafka.admin();
    try {
      const streams = FLEET_STREAMS.filter((stream) => run.rules.rules.some((rule) => rule.stream === stream.name));
      await admin.connect();
      const kafkaSlices: StreamSlices[] = [];
      const stored: StoredStream[] = [];
      for (const stream of streams) {
        const choice = await this.chooseSource(admin, run, stream);
        if ('slices' in choice) kafkaSlices.push(choice.slices);
        else stored.push(choice.stored);
        run.sources.push(choice.source);
      }
      const sources: WindowSource[] = [];
      if (kafkaSlices.length > 0) sources.push(new KafkaWindowSource(this.kafka, admin, `${this.config.ALERTING_GROUP_ID}-backtest-${run.id}`, kafkaSlices));
      if (stored.length > 0) sources.push(new DatabaseWindowSource(this.rows, stored, run.toMs));
      // One source after the other: the topics and the tables hold different streams, and every rule
      // is about one stream, so only the clock ties them; it restarts with the second source.
      for (const source of sources) {
        const replay = sources.length > 1 && source !== sources[0] ? this.restartClock(run, engine) : run.replay;
        await source.read((batch) => replay.feed(batch), () => run.cancelled);
        replay.finish(run.toMs);
      }
      const { alerts, dropped } = run.book.alerts();
      const rulesCompared = [...new Set([...run.rules.rules.map((rule) => rule.id), ...this.currentRulesOf(run)])];
      const storedAlerts = await this.storedAlerts.openBetween(rulesCompared, run.fromMs, run.toMs);
      run.result = {
        id: run.id,
        from: new Date(run.fromMs).toISOString(),
        to: new Date(run.toMs).toISOString(),
        ruleSet: run.ruleSetKind,
        eventsRead: run.replay.events,
        sources: run.sources,
        alerts,
        alertsDropped: dropped,
        diff: diffAlerts(alerts, storedAlerts),
        matchToleranceMs: MATCH_TOLERANCE_MS,
      };
      run.state = 'done';
      this.logger.log(`backtest ${run.id} done: ${run.replay.events} events, ${alerts.length} alerts`);
    } catch (error) {
      if (error instanceof BacktestCancelled || run.cancelled) {
        run.state = 'cancelled';
        this.logger.log(`backtest ${run.id} cancelled after ${run.replay.events} events`);
      } else {
        run.state = 'failed';
        run.error = (error as Error).message;
        this.logger.error(`backtest ${run.id} failed: ${run.error}`);
      }
    } finally {
      run.finishedAt = new Date();
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Kafka while every partition still holds the window's start, else the stored rows (also when the
   * request forces one). The warm-up starts where the live consumer's rebuild would.
   */
  private async chooseSource(admin: ReturnType<Kafka['admin']>, run: BacktestRun, stream: FleetStreamDescriptor): Promise<{ slices: StreamSlices; source: BacktestStreamSource } | { stored: StoredStream; source: BacktestStreamSource }> {
    const warmUpStart = run.fromMs - this.config.ALERTING_WARM_UP_S * 1000;
    const topic = topicOf(this.config, stream.name);
    const choice = run.request.source;
    if (choice !== 'database') {
      const slices = await sliceTopic(admin, stream, topic, stream.stateFromStart ? null : warmUpStart, run.fromMs, run.toMs);
      if (slices.holdsWindow || choice === 'kafka') {
        const note = slices.holdsWindow ? `topic ${topic} holds the window` : `topic ${topic} no longer holds the window's start (retention); read as asked, from its earliest record`;
        return { slices, source: { stream: stream.name, source: 'kafka', note } };
      }
    }
    const messages = new FleetRowMessages(stream, await this.rows.columnsOf(stream));
    const startMs = stream.stateFromStart ? run.fromMs - this.config.ALERTING_BACKTEST_STATE_WARM_UP_H * 3_600_000 : warmUpStart;
    const why = choice === 'database' ? 'read from the database as asked' : `topic ${topic} no longer holds the window's start (retention)`;
    const missing = messages.notStored.length > 0 ? `; not stored in ${stream.tables[0]}, so the rules saw defaults for: ${messages.notStored.join(', ')}` : '';
    return { stored: { stream, messages, startMs }, source: { stream: stream.name, source: 'database', note: `${why}: rows of ${stream.tables[0]}${missing}` } };
  }

  private restartClock(run: BacktestRun, engine: AlertEngine): BacktestReplay {
    const replay = new BacktestReplay(engine, run.book, run.fromMs);
    replay.events = run.replay.events;
    run.replay = replay;
    return replay;
  }

  private currentRulesOf(run: BacktestRun): string[] {
    const streams = run.request.streams;
    return this.evaluation
      .ruleSetInForce()
      .rules.filter((rule) => !streams || streams.includes(rule.stream))
      .map((rule) => rule.id);
  }

  private find(id: string): BacktestRun {
    const run = this.runs.get(id);
    if (!run) throw new BacktestError(BacktestErrorCode.BACKTEST_NOT_FOUND, `No backtest ${id} (results are kept for the last ${KEEP_RUNS})`);
    return run;
  }

  private forgetOld(): void {
    const finished = [...this.runs.values()].filter((run) => run.state !== 'running');
    for (const run of finished.slice(0, Math.max(0, this.runs.size - KEEP_RUNS))) this.runs.delete(run.id);
  }
}
