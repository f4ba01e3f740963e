import type { Logger } from '@nestjs/common';

export enum LiveSocketErrorCode {
  /** The payload is not a subscribe request at all. */
  INVALID_REQUEST = 'INVALID_REQUEST',
  /** The request names a layer this gateway does not serve. */
  UNKNOWN_LAYER = 'UNKNOWN_LAYER',
  INTERNAL = 'INTERNAL',
}

export class LiveSocketException extends Error {
  constructor(
    readonly code: LiveSocketErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LiveSocketException';
  }
}

export interface AckError {
  ok: false;
  code: LiveSocketErrorCode;
  message: string;
}

/** The one mapper from errors to socket acknowledgements; unexpected errors are logged, never shown. */
export function toAckError(error: unknown, logger: Logger): AckError {
  if (error instanceof LiveSocketException) return { ok: false, code: error.code, message: error.message };
  logger.error(`unexpected error in a socket handler: ${(error as Error)?.stack ?? String(error)}`);
  return { ok: false, code: LiveSocketErrorCode.INTERNAL, message: 'internal error' };
}
