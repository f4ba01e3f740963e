import type { FloodControlSettings, Suppression } from '../rules/rule-definition';
import type { AlertSignal } from './alert-signal';

/** What flood control has held back since the engine started (cumulative, for logs and metrics). */
export interface FloodReport {
  /** Raises over a rule's or a fleet's rate limit, by rule and by fleet: counted, not emitted. */
  droppedByRule: Record<string, number>;
  droppedByFleet: Record<string, number>;
  /** Raises inside a suppression or maintenance window, by rule. */
  suppressedByRule: Record<string, number>;
}

interface WindowCount {
  window: number;
  count: number;
}

/**
 * The stage after the rules: per-rule and per-fleet rate limits on raises (fixed windows of event time),
 * and suppression windows. A condition whose raise was held back stays silent to the end, its clear and
 * resolve too, so nothing downstream sees a clear for an alert it never had; a raise suppressed by a window
 * is emitted when the window ends if the condition is still true then. Grouping (incidentKey) is set by
 * the engine per rule's groupBy.
 */
export class FloodControl {
  private settings!: FloodControlSettings;
  private suppressions!: readonly Suppression[];
  private readonly ruleWindows = new Map<string, WindowCount>();
  private readonly fleetWindows = new Map<string, WindowCount>();
  /** Conditions whose current raise was not emitted, by dedup key. */
  private readonly silenced = new Set<string>();
  /** Suppressed raises still true, to emit when their window ends. */
  private readonly afterWindow = new Map<string, { signal: AlertSignal; untilMs: number }>();
  private readonly droppedByRule = new Map<string, number>();
  private readonly droppedByFleet = new Map<string, number>();
  private readonly suppressedByRule = new Map<string, number>();

  constructor(settings: FloodControlSettings, suppressions: readonly Suppression[]) {
    this.configure(settings, suppressions);
  }

  configure(settings: FloodControlSettings, suppressions: readonly Suppression[]): void {
    this.settings = settings;
    this.suppressions = suppressions;
  }

  /** The signals to emit, in order; the array passed in may be reused. */
  admit(signals: AlertSignal[]): AlertSignal[] {
    let kept = 0;
    for (let k = 0; k < signals.length; k++) {
      const signal = signals[k]!;
      if (this.admitOne(signal)) signals[kept++] = signal;
    }
    signals.length = kept;
    return signals;
  }

  /** Raises whose suppression window has ended by nowMs and whose condition is still true. */
  release(nowMs: number, out: AlertSignal[]): void {
    if (this.afterWindow.size === 0) return;
    for (const [key, held] of this.afterWindow) {
      if (nowMs < held.untilMs) continue;
      this.afterWindow.delete(key);
      this.silenced.delete(key);
      out.push({ ...held.signal, atMs: held.untilMs });
    }
  }

  isSilenced(dedupKey: string): boolean {
    return this.silenced.has(dedupKey);
  }

  report(): FloodReport {
    return { droppedByRule: Object.fromEntries(this.droppedByRule), droppedByFleet: Object.fromEntries(this.droppedByFleet), suppressedByRule: Object.fromEntries(this.suppressedByRule) };
  }

  private admitOne(signal: AlertSignal): boolean {
    if (signal.kind !== 'raise') {
      if (!this.silenced.has(signal.dedupKey)) return true;
      this.afterWindow.delete(signal.dedupKey);
      if (signal.kind === 'resolve') this.silenced.delete(signal.dedupKey);
      return false;
    }
    const suppression = this.suppressionOf(signal);
    if (suppression) {
      this.silenced.add(signal.dedupKey);
      this.afterWindow.set(signal.dedupKey, { signal, untilMs: suppression.toMs });
      bump(this.suppressedByRule, signal.rule);
      return false;
    }
    const windowMs = this.settings.windowS * 1000;
    const window = Math.floor(signal.atMs / windowMs);
    const ruleCount = countIn(this.ruleWindows, signal.rule, window);
    const fleetCount = countIn(this.fleetWindows, signal.fleet, window);
    const ruleLimit = this.settings.perRule.get(signal.rule) ?? this.settings.perRuleDefault;
    const fleetLimit = this.settings.perFleet.get(signal.fleet) ?? this.settings.perFleetDefault;
    if (ruleCount.count >= ruleLimit || fleetCount.count >= fleetLimit) {
      this.silenced.add(signal.dedupKey);
      bump(this.droppedByRule, signal.rule);
      bump(this.droppedByFleet, signal.fleet);
      return false;
    }
    ruleCount.count++;
    fleetCount.count++;
    this.silenced.delete(signal.dedupKey);
    return true;
  }

  private suppressionOf(signal: AlertSignal): Suppression | null {
    for (const s of this.suppressions) {
      if (signal.atMs < s.fromMs || signal.atMs >= s.toMs) continue;
      if ((s.rule === null || s.rule === signal.rule) && (s.fleet === null || s.fleet === signal.fleet) && (s.entityId === null || s.entityId === signal.entityId)) return s;
    }
    return null;
  }
}

function countIn(windows: Map<string, WindowCount>, key: string, window: number): WindowCount {
  let entry = windows.get(key);
  if (!entry) {
    entry = { window, count: 0 };
    windows.set(key, entry);
  } else if (entry.window !== window) {
    entry.window = window;
    entry.count = 0;
  }
  return entry;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
