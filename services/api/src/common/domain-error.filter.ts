import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, DomainErrorCode, type FieldProblem } from './domain-error';

// The one place codes become HTTP statuses; `satisfies` makes a new code without a status a compile error.
export const HTTP_STATUS_BY_CODE = {
  [DomainErrorCode.INVALID_QUERY]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.DATABASE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [DomainErrorCode.CITY_LAYER_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.INVALID_BODY]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.BAD_CREDENTIALS]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.ROLE_REQUIRED]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.SIGN_IN_THROTTLED]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.USER_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.USERNAME_TAKEN]: HttpStatus.CONFLICT,
  [DomainErrorCode.SELF_LOCKOUT]: HttpStatus.CONFLICT,
  [DomainErrorCode.ALERT_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.ALERT_STEP_REFUSED]: HttpStatus.CONFLICT,
  [DomainErrorCode.INVALID_RULES]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.ALERTING_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [DomainErrorCode.RULE_SET_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.BACKTEST_BUSY]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.BACKTEST_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.BACKTEST_NOT_DONE]: HttpStatus.CONFLICT,
  [DomainErrorCode.CORRIDOR_NOT_FOUND]: HttpStatus.NOT_FOUND,
} as const satisfies Record<DomainErrorCode, HttpStatus>;

const REASON_PHRASE: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Service Unavailable',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.UNAUTHORIZED]: 'Unauthorized',
  [HttpStatus.FORBIDDEN]: 'Forbidden',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too Many Requests',
  [HttpStatus.CONFLICT]: 'Conflict',
};

export interface DomainErrorBody {
  statusCode: number;
  error: string;
  code: DomainErrorCode;
  message: string;
  fields?: FieldProblem[];
  [extra: string]: unknown;
}

/** The JSON body a domain error becomes; the shape of Nest's own errors plus `code` and `fields`. */
export function domainErrorBody(error: DomainError): DomainErrorBody {
  const statusCode = HTTP_STATUS_BY_CODE[error.code];
  const body: DomainErrorBody = { ...error.extra, statusCode, error: REASON_PHRASE[statusCode] ?? 'Error', code: error.code, message: error.message };
  if (error.fields.length > 0) body.fields = error.fields;
  return body;
}

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  private readonly logger = new Logger(DomainErrorFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: DomainError, host: ArgumentsHost): void {
    const body = domainErrorBody(error);
    if (body.statusCode >= 500) {
      this.logger.error(`${error.code}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`);
    }
    const response = host.switchToHttp().getResponse();
    // A throttled sign-in says when to try again, in the header clients and proxies know.
    if (typeof error.extra.retryAfterS === 'number') this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', String(error.extra.retryAfterS));
    this.adapterHost.httpAdapter.reply(response, body, body.statusCode);
  }
}
