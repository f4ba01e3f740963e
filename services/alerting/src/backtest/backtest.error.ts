/** Why a backtest request is refused; one mapper (backtest.controller.ts) turns the code into an HTTP status. */
export enum BacktestErrorCode {
  /** A field is wrong, the window too long, or the draft rule set has problems: `problems` names each. */
  INVALID_BACKTEST = 'INVALID_BACKTEST',
  /** The draft rule set does not parse: `problems` as POST /rules/validate gives them (rule and field). */
  INVALID_DRAFT = 'INVALID_DRAFT',
  /** As many backtests as the machine runs at once are running. */
  BACKTEST_BUSY = 'BACKTEST_BUSY',
  BACKTEST_NOT_FOUND = 'BACKTEST_NOT_FOUND',
  /** The result of a backtest still running, or one that failed or was cancelled. */
  BACKTEST_NOT_DONE = 'BACKTEST_NOT_DONE',
}

export class BacktestError extends Error {
  constructor(
    readonly code: BacktestErrorCode,
    message: string,
    /** Each "<field>: <problem>", as the rules' validate route lists them. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'BacktestError';
  }
}
