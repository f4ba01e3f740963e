import { RejectionCode } from '../dead-letter/rejection-code';
import type { FleetStream } from './fleet-stream';
import type { IncomingRecord } from './incoming-record';

export interface RecordRejection<Message> {
  record: IncomingRecord<Message>;
  code: RejectionCode;
  detail: string;
}

/** How a batch's records divide: messages to store, records to dead-letter, repeats to drop. */
export interface RecordTriage<Message> {
  accepted: Message[];
  rejections: RecordRejection<Message>[];
  /** Records repeating an earlier (device, time, seq) of the same batch. */
  duplicates: number;
}

/**
 * Sorts a batch: undecodable -> UNDECODABLE, a field out of range -> INVALID_FIELD,
 * key missing or not the device id -> BAD_KEY; the first message of a (device,
 * time, seq) in the batch is kept and later copies are counted as duplicates.
 */
export function triageRecords<Message>(
  stream: Pick<FleetStream<Message>, 'findProblem' | 'keyOf' | 'keyField' | 'identityOf'>,
  records: readonly IncomingRecord<Message>[],
  nowMs: number,
): RecordTriage<Message> {
  const accepted: Message[] = [];
  const rejections: RecordRejection<Message>[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const record of records) {
    if (!record.decoded.ok) {
      rejections.push({ record, code: RejectionCode.UNDECODABLE, detail: record.decoded.error });
      continue;
    }
    const message = record.decoded.message;
    const problem = stream.findProblem(message, nowMs);
    if (problem) {
      rejections.push({ record, code: RejectionCode.INVALID_FIELD, detail: problem });
      continue;
    }
    const keyProblem = findKeyProblem(record.key, stream.keyField, stream.keyOf(message));
    if (keyProblem) {
      rejections.push({ record, code: RejectionCode.BAD_KEY, detail: keyProblem });
      continue;
    }
    // A device restarting its seq at 1 sends the same (device, seq) at a new time,
    // and that is a new message: the identity is the whole table key.
    const identity = stream.identityOf(message);
    if (seen.has(identity)) {
      duplicates++;
      continue;
    }
    seen.add(identity);
    accepted.push(message);
  }
  return { accepted, rejections, duplicates };
}

// The key decides the partition, hence the order of a device's messages; a record
// keyed otherwise may overtake or be overtaken by its device's other messages.
function findKeyProblem(key: Buffer | null, keyField: string, deviceId: string): string | null {
  if (key === null || key.length === 0) return `key: missing; must be the ${keyField} ${JSON.stringify(deviceId)}`;
  const text = key.toString('utf8');
  return text === deviceId ? null : `key: ${JSON.stringify(text)} does not match ${keyField} ${JSON.stringify(deviceId)}`;
}
