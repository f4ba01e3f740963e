// Backtests over HTTP (issue 14): a rule set run over a recorded window through the alerting engine
// in dry-run. The alerting service answers them; the api proxies them; the replay page shows them.

/** `POST /api/backtests`. */
export interface BacktestRequest {
  /** 'current' (the rule set in force) or a draft rule set as YAML text. */
  ruleSet: string;
  /** The window, ISO 8601; at most the topics' retention (7 days by default). */
  from: string;
  to: string;
  /** Only these fleet streams' rules (e.g. ['boat-readings']); all when absent. */
  streams?: string[];
  /** Where the records come from: auto (the topics while they hold the window, else the database). */
  source?: BacktestSourceChoice;
}

export type BacktestSourceChoice = 'auto' | 'kafka' | 'database';
export type BacktestState = 'running' | 'done' | 'failed' | 'cancelled';

/** Where one stream's records came from, and what that path could not give the rules. */
export interface BacktestStreamSource {
  stream: string;
  source: 'kafka' | 'database';
  /** Why this source, and anything the rules missed over it (fields the tables do not store). */
  note: string;
}

/** `GET /api/backtests/{id}`. */
export interface BacktestProgress {
  id: string;
  state: BacktestState;
  ruleSet: 'current' | 'draft';
  rules: number;
  from: string;
  to: string;
  startedAt: string;
  finishedAt: string | null;
  /** Records read (warm-up included), and where in the window the clock is. */
  eventsRead: number;
  position: string;
  /** 0..1 of the window. */
  progress: number;
  sources: BacktestStreamSource[];
  error: string | null;
}

/** A would-have-fired alert, or a stored one it is compared with. */
export interface BacktestAlert {
  rule: string;
  entityId: string;
  fleet: string;
  /** 1 info, 2 warning, 3 critical. */
  severity: 1 | 2 | 3;
  title: { en: string; zh: string };
  raisedAt: string;
  clearedAt: string | null;
  resolvedAt: string | null;
  lon: number | null;
  lat: number | null;
  /**
   * Raised before the window (in the backtest: while the rules warmed up) and not resolved at its
   * start: already open when the window begins, so `raisedAt` is before `from`.
   */
  openAtStart: boolean;
}

export interface BacktestChangedAlert {
  backtest: BacktestAlert;
  stored: BacktestAlert;
  differences: string[];
}

/** `GET /api/backtests/{id}/result` (JSON; `?format=csv` for a table). */
export interface BacktestResult {
  id: string;
  from: string;
  to: string;
  ruleSet: 'current' | 'draft';
  eventsRead: number;
  sources: BacktestStreamSource[];
  /** Every alert the rules would have had open in the window, in raise order: those open at its start (openAtStart), then those raised in it. */
  alerts: BacktestAlert[];
  /** Alerts beyond the kept limit, counted only. */
  alertsDropped: number;
  /** Against the alerts the live service stored for the window, open at its start or raised in it (same rule and entity; raise times within matchToleranceMs, or both open at the start). */
  diff: { added: BacktestAlert[]; removed: BacktestAlert[]; changed: BacktestChangedAlert[]; unchanged: number };
  matchToleranceMs: number;
}
