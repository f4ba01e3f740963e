import type { Logger } from '@nestjs/common';
import type { LiveAckErrorCode } from '@urban-brain/proto';

export enum LiveSocketErrorCode {
  /** The payload is not the event's request at all. */
  INVALID_REQUEST = 'INVALID_REQUEST',
  /** The request names a layer this gateway does not serve. */
  UNKNOWN_LAYER = 'UNKNOWN_LAYER',
  /** A map area that is not a west < east, south < north box in degrees with a zoom of 0-24. */
  INVALID_AREA = 'INVALID_AREA',
  /** An event that needs a subscription (e.g. `area`) before `subscribe`. */
  NOT_SUBSCRIBED = 'NOT_SUBSCRIBED',
  /** An event name this gateway does not handle. */
  UNKNOWN_EVENT = 'UNKNOWN_EVENT',
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
  // The contract's code list: a code added here but not there fails to compile.
  code: LiveAckErrorCode;
  message: string;
}

/** The one mapper from errors to socket acknowledgements; unexpected errors are logged, never shown. */
export function toAckError(error: unknown, logger: Logger): AckError {
  if (error instanceof LiveSocketException) return { ok: false, code: error.code, message: error.message };
  logger.error(`unexpected error in a socket handler: ${(error as Error)?.stack ?? String(error)}`);
  return { ok: false, code: LiveSocketErrorCode.INTERNAL, message: 'internal error' };
}
