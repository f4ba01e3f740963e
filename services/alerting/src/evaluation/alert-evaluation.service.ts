import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { KafkaOutboxRelay, type Logger as PinoLogger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import { TOPIC_ALERTS, TOPIC_DISPATCH } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { ALERTING_CONFIG, type AlertingConfig } from '../config/alerting.config';
import { CITY_PACK, KAFKA, PG_POOL, ROOT_LOGGER } from '../core/core.tokens';
import { AlertEngine } from '../engine/alert-engine';
import type { AlertSignal } from '../engine/alert-signal';
import type { StreamObservation } from '../engine/stream-observation';
import type { RuleSet } from '../rules/rule-definition';
import { RuleSourceService } from '../rules/rule-source.service';
import { AlertsRepository } from '../store/alerts.repository';

const TICK_MS = 1_000;
// The rules' clock is the data's: at most this far ahead of the newest reading. While the feed is
// stalled (a broker outage) time stops for the rules, so every truck does not turn "stale" at once
// and flood the queue when the broker is back; a single silent device still goes stale, because the
// others' readings keep the clock moving.
const CLOCK_AHEAD_OF_DATA_MS = 10_000;
const SLA_SWEEP_MS = 5_000;

/**
 * Owns the rules engine: feeds it the fleets' observations (from the consumer) and the clock (every
 * second), writes what it signals, keeps the outbox relay publishing, applies a newer rule set
 * without a restart and escalates alerts past their SLA. Writes are serialised: one batch or tick
 * at a time, so an alert's changes are applied in the order the engine made them.
 */
@Injectable()
export class AlertEvaluationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertEvaluationService.name);
  readonly engine: AlertEngine;
  private ruleVersion: number;
  /** The rule set in force as written (YAML), for GET /rules, and parsed, for backtests of it. */
  private ruleText: string;
  private ruleSet: RuleSet;
  private readonly relay: KafkaOutboxRelay;
  private queue: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  /** While rebuilding state after a start, signals are computed but not written. */
  private silent = true;
  /** Event time of the newest observation: ticks follow it, so a replay's timers run on the data's clock. */
  private lastEventMs = 0;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly rules: RuleSourceService,
    @Inject(CITY_PACK) cityPack: CityPack,
    @Inject(PG_POOL) pool: Pool,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(ROOT_LOGGER) rootLogger: PinoLogger,
  ) {
    const initial = this.rules.defaultRules();
    this.engine = new AlertEngine(initial.ruleSet, cityPack);
    this.ruleVersion = initial.version;
    this.ruleText = initial.yaml;
    this.ruleSet = initial.ruleSet;
    this.logger.log(`rules from ${initial.source}`);
    // The relay of the api's and this service's outbox (alert changes, dispatch tasks).
    this.relay = new KafkaOutboxRelay(pool, kafka, rootLogger, (topic) => (topic === TOPIC_ALERTS ? config.ALERTS_TOPIC : topic === TOPIC_DISPATCH ? config.DISPATCH_TOPIC : topic));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.timers.push(setInterval(() => void this.tick(), TICK_MS), setInterval(() => void this.sweepSla(), SLA_SWEEP_MS), setInterval(() => void this.pollRules(), this.config.ALERTING_RULES_POLL_S * 1000));
    for (const timer of this.timers) timer.unref();
    void this.pollRules();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.queue.catch(() => undefined);
    await this.relay.stop();
  }

  /** The consumer's records, in order; resolves once what they signalled is stored (then offsets may be committed). */
  observe(observations: readonly StreamObservation[]): Promise<void> {
    return this.serialised(async () => {
      const signals: AlertSignal[] = [];
      for (const observation of observations) {
        if (observation.atMs > this.lastEventMs) this.lastEventMs = observation.atMs;
        for (const signal of this.engine.observe(observation)) signals.push(signal);
      }
      await this.write(signals);
    });
  }

  /**
   * The end of the rebuild after a start: from now on signals are written. Conditions the engine
   * finds active that the database does not hold are raised (they became true while the service was
   * down). Alerts the database holds active that the engine does not find are handed back to the
   * engine as raised (restoreActive), so the next reading of their entity clears them as usual
   * instead of raising them again; those of rules no longer in the set are resolved.
   */
  goLive(): Promise<void> {
    return this.serialised(async () => {
      const stored = await this.alerts.activeConditions();
      const found = this.engine.activeConditions();
      const missed = [...found.entries()].filter(([key]) => !stored.has(key)).map(([, signal]) => signal);
      const held: AlertSignal[] = [...stored.values()]
        .filter((row) => !found.has(row.dedup_key))
        .map((row) => ({
          kind: 'raise',
          dedupKey: row.dedup_key,
          rule: row.rule,
          ruleVersion: row.rule_version,
          fleet: row.fleet,
          entityId: row.entity_id,
          severity: Math.min(3, Math.max(1, row.severity)) as 1 | 2 | 3,
          title: { en: row.title, zh: row.title_zh },
          detail: row.detail,
          lon: row.lon ?? undefined,
          lat: row.lat ?? undefined,
          atMs: row.last_seen_at.getTime(),
        }));
      const orphans = this.engine.restoreActive(held).map((signal): AlertSignal => ({ ...signal, kind: 'resolve', atMs: Date.now() }));
      this.silent = false;
      const applied = await this.alerts.apply([...missed, ...orphans]);
      this.relay.kick();
      this.logger.log(
        `live: ${found.size} conditions active after the rebuild, ${held.length - orphans.length} more held open by the database; raised ${applied.raised + applied.reRaised} missed, resolved ${applied.resolved} of rules no longer in the set`,
      );
    });
  }

  /** The rule set in force: its version (0 = the default file) and its text. */
  rulesInForce(): { version: number; yaml: string } {
    return { version: this.ruleVersion, yaml: this.ruleText };
  }

  ruleSetInForce(): RuleSet {
    return this.ruleSet;
  }

  private tick(): Promise<void> {
    // While rebuilding, the replayed events' own time drives the timers; once live, the wall clock,
    // held back to the data's (CLOCK_AHEAD_OF_DATA_MS).
    const now = this.silent ? this.lastEventMs : Math.min(Date.now(), this.lastEventMs + CLOCK_AHEAD_OF_DATA_MS);
    if (now === 0) return Promise.resolve();
    return this.serialised(() => this.write(this.engine.tick(now)));
  }

  private async write(signals: AlertSignal[]): Promise<void> {
    if (this.silent || signals.length === 0) return;
    await this.alerts.apply(signals);
    this.relay.kick();
  }

  private sweepSla(): Promise<void> {
    if (this.silent) return Promise.resolve();
    return this.serialised(async () => {
      const escalated = await this.alerts.escalateOverdue(Date.now());
      if (escalated > 0) {
        this.logger.log(`escalated ${escalated} alerts past their SLA`);
        this.relay.kick();
      }
    });
  }

  private pollRules(): Promise<void> {
    return this.serialised(async () => {
      const newer = await this.rules.newerStored(this.ruleVersion);
      if (!newer) return;
      const signals = this.engine.replaceRules(newer.ruleSet);
      this.ruleVersion = newer.version;
      this.ruleText = newer.yaml;
      this.ruleSet = newer.ruleSet;
      this.logger.log(`applied rule set version ${newer.version}`);
      await this.write(signals);
    });
  }

  private serialised(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    // A failed step is logged and does not stop the next one; the caller still sees its own failure.
    this.queue = next.catch((error: unknown) => this.logger.error(`alert evaluation step failed: ${(error as Error).message}`));
    return next;
  }
}
