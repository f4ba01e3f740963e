/** Every failure the API reports on purpose; the HTTP status comes from domain-error.filter.ts. */
export enum DomainErrorCode {
  INVALID_QUERY = 'INVALID_QUERY',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  CITY_LAYER_NOT_FOUND = 'CITY_LAYER_NOT_FOUND',
  INVALID_BODY = 'INVALID_BODY',
  // No valid session or token (or it ended: signed out, expired, its user disabled).
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  // A wrong password, an unknown user and a disabled account answer alike, so accounts cannot be probed.
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  ROLE_REQUIRED = 'ROLE_REQUIRED',
  SIGN_IN_THROTTLED = 'SIGN_IN_THROTTLED',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  // An admin may not lock themselves out (disable or demote their own account).
  SELF_LOCKOUT = 'SELF_LOCKOUT',
  ALERT_NOT_FOUND = 'ALERT_NOT_FOUND',
  // The step does not apply to the alert as it is now (resolving a resolved one; a second acknowledgement).
  ALERT_STEP_REFUSED = 'ALERT_STEP_REFUSED',
  // A rule set the rules service's parser refused; `fields` lists each problem (rule and field).
  INVALID_RULES = 'INVALID_RULES',
  ALERTING_UNAVAILABLE = 'ALERTING_UNAVAILABLE',
  RULE_SET_NOT_FOUND = 'RULE_SET_NOT_FOUND',
  // Backtests: as many running as the rules service allows; none by that id; asked for the result too soon.
  BACKTEST_BUSY = 'BACKTEST_BUSY',
  BACKTEST_NOT_FOUND = 'BACKTEST_NOT_FOUND',
  BACKTEST_NOT_DONE = 'BACKTEST_NOT_DONE',
  CORRIDOR_NOT_FOUND = 'CORRIDOR_NOT_FOUND',
}

/** One rejected request field, named the way the client sent it. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
    options?: { cause?: unknown; extra?: Record<string, string | number> },
  ) {
    super(message, options);
    this.name = 'DomainError';
    this.extra = options?.extra ?? {};
  }

  /** More machine-readable facts for the body (e.g. `requiredRole`, `retryAfterS`). */
  readonly extra: Record<string, string | number>;

  static cityLayerNotFound(layer: string, known: readonly string[]): DomainError {
    return new DomainError(DomainErrorCode.CITY_LAYER_NOT_FOUND, `No city pack layer "${layer}"; layers: ${known.join(', ')}`);
  }

  static corridorNotFound(id: string): DomainError {
    return new DomainError(DomainErrorCode.CORRIDOR_NOT_FOUND, `No green-wave corridor "${id}" in the city pack`);
  }

  static invalidBody(fields: FieldProblem[]): DomainError {
    return new DomainError(DomainErrorCode.INVALID_BODY, 'Invalid request body', fields);
  }

  static invalidQuery(fields: FieldProblem[]): DomainError {
    return new DomainError(DomainErrorCode.INVALID_QUERY, 'Invalid query', fields);
  }
}
