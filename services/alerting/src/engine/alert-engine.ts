import type { CityPack } from '@urban-brain/city-pack';
import type { Rule, RuleKind, RuleSet } from '../rules/rule-definition';
import type { AlertSignal } from './alert-signal';
import { CityPlaces } from './city-places';
import { ConditionTable, type RuleContext } from './condition-table';
import { CorridorProgressionEvaluator } from './corridor-progression.evaluator';
import { CountInZoneEvaluator } from './count-in-zone.evaluator';
import { EntityIndex } from './entity-index';
import { FloodControl, type FloodReport } from './flood-control';
import { GeofenceEvaluator } from './geofence.evaluator';
import type { RuleEvaluator } from './rule-evaluator';
import { SequenceEvaluator } from './sequence.evaluator';
import { StaleEvaluator } from './stale.evaluator';
import type { StreamObservation } from './stream-observation';
import { ThresholdEvaluator } from './threshold.evaluator';
import { VisitEvaluator } from './visit.evaluator';

interface EvaluatorDeps {
  ctx: RuleContext;
  entities: EntityIndex;
  places: CityPlaces;
  pack: CityPack;
}

// One line per rule kind: which evaluator runs it.
const EVALUATORS: { [K in RuleKind]: (rule: Extract<Rule, { kind: K }>, deps: EvaluatorDeps) => RuleEvaluator } = {
  geofence: (rule, d) => new GeofenceEvaluator(rule, new ConditionTable(d.ctx, d.entities), d.pack),
  stale: (rule, d) => new StaleEvaluator(rule, new ConditionTable(d.ctx, d.entities)),
  threshold: (rule, d) => new ThresholdEvaluator(rule, new ConditionTable(d.ctx, d.entities)),
  'count-in-zone': (rule, d) => new CountInZoneEvaluator(rule, d.ctx, d.places, d.pack),
  'corridor-progression': (rule, d) => new CorridorProgressionEvaluator(rule, new ConditionTable(d.ctx, d.entities), d.pack),
  sequence: (rule, d) => new SequenceEvaluator(rule, new ConditionTable(d.ctx, d.entities), d.places),
  visit: (rule, d) => new VisitEvaluator(rule, d.ctx, d.places),
};

interface StreamRules {
  entities: EntityIndex;
  evaluators: RuleEvaluator[];
}

interface InstalledRule {
  rule: Rule;
  ctx: RuleContext;
  evaluator: RuleEvaluator;
}

// Returned when nothing happened: most events change nothing, and they should not allocate for it.
const NOTHING: AlertSignal[] = Object.freeze([]) as unknown as AlertSignal[];

/**
 * Evaluates a rule set over the fleets' observations: pure, no I/O. The plumbing feeds it every decoded
 * message (observe) and the clock (tick, every second, event time ≈ wall clock) and stores and publishes
 * what comes out. Rules are indexed by stream, so an event meets only its own stream's rules; per-entity
 * state sits in typed arrays indexed by a per-stream entity number (11,000 bikes stay compact).
 */
export class AlertEngine {
  private readonly places: CityPlaces;
  /** Per stream; kept across rule reloads so the entity numbers stay valid. */
  private readonly entitiesByStream = new Map<string, EntityIndex>();
  private streams = new Map<string, StreamRules>();
  private installed = new Map<string, InstalledRule>();
  private readonly flood: FloodControl;
  private out: AlertSignal[] = [];
  private latestMs = 0;

  constructor(
    ruleSet: RuleSet,
    private readonly cityPack: CityPack,
  ) {
    this.places = new CityPlaces(cityPack);
    this.flood = new FloodControl(ruleSet.floodControl, ruleSet.suppressions);
    this.install(ruleSet, new Map());
  }

  observe(observation: StreamObservation): AlertSignal[] {
    const rules = this.streams.get(observation.stream);
    if (rules === undefined) return NOTHING;
    if (observation.atMs > this.latestMs) this.latestMs = observation.atMs;
    const entity = rules.entities.indexOf(observation.entityId);
    const out = this.out;
    const evaluators = rules.evaluators;
    for (let k = 0; k < evaluators.length; k++) evaluators[k]!.observe(entity, observation, out);
    return out.length === 0 ? NOTHING : this.emit();
  }

  tick(nowMs: number): AlertSignal[] {
    if (nowMs > this.latestMs) this.latestMs = nowMs;
    const out = this.out;
    for (const { evaluator } of this.installed.values()) {
      evaluator.tick(nowMs, out);
      evaluator.conditions.resolveDue(nowMs, out);
    }
    this.flood.release(nowMs, out);
    return out.length === 0 ? NOTHING : this.emit();
  }

  /**
   * Applies a new rule set without a restart. An unchanged rule keeps its state; an edited rule of the same
   * kind and stream starts afresh but takes over its unresolved conditions (nothing raised twice; the next
   * message re-judges them); a removed rule, or one that changed kind or stream, resolves what it had.
   */
  replaceRules(ruleSet: RuleSet): AlertSignal[] {
    const previous = this.installed;
    const out = this.out;
    this.flood.configure(ruleSet.floodControl, ruleSet.suppressions);
    this.install(ruleSet, previous);
    for (const [id, old] of previous) {
      const now = this.installed.get(id);
      if (now === undefined || (now.evaluator !== old.evaluator && (now.rule.kind !== old.rule.kind || now.rule.stream !== old.rule.stream))) {
        old.evaluator.conditions.resolveAll(this.latestMs, out);
      }
    }
    return out.length === 0 ? [] : this.emit();
  }

  /** dedupKey -> the last emitted raise of every condition true now: what the store should hold open after a restart. */
  activeConditions(): Map<string, AlertSignal> {
    const active = new Map<string, AlertSignal>();
    for (const { evaluator } of this.installed.values()) {
      for (const signal of evaluator.conditions.active()) {
        if (!this.flood.isSilenced(signal.dedupKey)) active.set(signal.dedupKey, signal);
      }
    }
    return active;
  }

  /**
   * Marks alerts still open in the store as raised, without emitting them, before the first observation
   * after a restart: a condition still true is not raised twice, and one found false clears as usual.
   * Alerts of rules no longer in the set are returned, for the caller to resolve.
   */
  restoreActive(signals: Iterable<AlertSignal>): AlertSignal[] {
    const orphans: AlertSignal[] = [];
    for (const signal of signals) {
      const installed = this.installed.get(signal.rule);
      if (installed) installed.evaluator.conditions.restore(signal);
      else orphans.push(signal);
    }
    return orphans;
  }

  floodReport(): FloodReport {
    return this.flood.report();
  }

  private emit(): AlertSignal[] {
    const signals = this.out;
    this.out = [];
    return this.flood.admit(signals);
  }

  private install(ruleSet: RuleSet, previous: ReadonlyMap<string, InstalledRule>): void {
    const installed = new Map<string, InstalledRule>();
    const streams = new Map<string, StreamRules>();
    for (const rule of ruleSet.rules) {
      let entities = this.entitiesByStream.get(rule.stream);
      if (!entities) {
        entities = new EntityIndex();
        this.entitiesByStream.set(rule.stream, entities);
      }
      const old = previous.get(rule.id);
      let entry: InstalledRule;
      if (old && old.rule.fingerprint === rule.fingerprint) {
        old.ctx.ruleVersion = ruleSet.version;
        entry = old;
      } else {
        const ctx: RuleContext = { rule, ruleVersion: ruleSet.version, places: this.places };
        const make = EVALUATORS[rule.kind] as (rule: Rule, deps: EvaluatorDeps) => RuleEvaluator;
        const evaluator = make(rule, { ctx, entities, places: this.places, pack: this.cityPack });
        if (old && old.rule.kind === rule.kind && old.rule.stream === rule.stream) evaluator.conditions.adopt(old.evaluator.conditions);
        entry = { rule, ctx, evaluator };
      }
      installed.set(rule.id, entry);
      let stream = streams.get(rule.stream);
      if (!stream) {
        stream = { entities, evaluators: [] };
        streams.set(rule.stream, stream);
      }
      stream.evaluators.push(entry.evaluator);
    }
    this.installed = installed;
    this.streams = streams;
  }
}
