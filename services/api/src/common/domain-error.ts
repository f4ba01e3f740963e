/** Every failure the API reports on purpose; the HTTP status comes from domain-error.filter.ts. */
export enum DomainErrorCode {
  INVALID_QUERY = 'INVALID_QUERY',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  CITY_LAYER_NOT_FOUND = 'CITY_LAYER_NOT_FOUND',
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
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }

  static cityLayerNotFound(layer: string, known: readonly string[]): DomainError {
    return new DomainError(DomainErrorCode.CITY_LAYER_NOT_FOUND, `No city pack layer "${layer}"; layers: ${known.join(', ')}`);
  }

  static invalidQuery(fields: FieldProblem[]): DomainError {
    return new DomainError(DomainErrorCode.INVALID_QUERY, 'Invalid query', fields);
  }
}
