import { DeadLetterReason } from '@urban-brain/proto';
import { RejectionCode } from './rejection-code';

/** The one mapping from ingest's rejection codes to the dead-letter contract. */
export function deadLetterReasonOf(code: RejectionCode): DeadLetterReason {
  switch (code) {
    case RejectionCode.UNDECODABLE:
      return DeadLetterReason.UNDECODABLE;
    case RejectionCode.INVALID_FIELD:
      return DeadLetterReason.INVALID_FIELD;
    case RejectionCode.BAD_KEY:
      return DeadLetterReason.BAD_KEY;
    case RejectionCode.REJECTED_BY_DATABASE:
      return DeadLetterReason.REJECTED_BY_DATABASE;
    default: {
      const unknown: never = code;
      throw new Error(`no dead-letter reason for rejection code ${String(unknown)}`);
    }
  }
}
