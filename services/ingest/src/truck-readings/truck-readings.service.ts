import { Inject, Injectable } from '@nestjs/common';
import { findTruckReadingProblem, type Logger } from '@urban-brain/common';
import type { TruckReading } from '@urban-brain/proto';
import { LOGGER } from '../core/core.tokens';
import { DeadLetterProducer, type DeadLetterRecord } from '../dead-letter/dead-letter.producer';
import { RejectionCode } from '../dead-letter/rejection-code';
import { TruckReadingsRepository } from './truck-readings.repository';

/** A Kafka record as the consumer hands it over: raw bytes plus the outcome of decoding them. */
export interface IncomingTruckRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  correlationId: string;
  decoded: { ok: true; reading: TruckReading } | { ok: false; error: string };
}

export interface IncomingTruckBatch {
  topic: string;
  partition: number;
  records: readonly IncomingTruckRecord[];
}

export interface TruckRecordRejection {
  record: IncomingTruckRecord;
  code: RejectionCode;
  detail: string;
}

/** How a batch's records divide: rows to store, records to dead-letter, repeats to drop. */
export interface TruckRecordTriage {
  readings: TruckReading[];
  rejections: TruckRecordRejection[];
  /** Records repeating an earlier (truck, time, seq) of the same batch. */
  duplicates: number;
}

export interface TruckBatchOutcome {
  received: number;
  /** Rows new to the database. */
  accepted: number;
  /** Repeats within the batch plus rows the database already held (redelivery). */
  duplicatesSkipped: number;
  deadLettered: Record<RejectionCode, number>;
}

export type TruckIngestTotals = TruckBatchOutcome & { batches: number };

// A flood of bad records must not become a flood of log lines: each batch logs
// its first few rejections in full, then a count.
const REJECTIONS_LOGGED_PER_BATCH = 5;

const noRejections = (): Record<RejectionCode, number> => ({
  [RejectionCode.UNDECODABLE]: 0,
  [RejectionCode.INVALID_FIELD]: 0,
  [RejectionCode.BAD_KEY]: 0,
});

/**
 * Sorts a batch: undecodable -> UNDECODABLE, a field out of range -> INVALID_FIELD,
 * key missing or not the truck id -> BAD_KEY; the first reading of a (truck, time,
 * seq) in the batch is kept and later copies are counted as duplicates.
 */
export function triageTruckRecords(records: readonly IncomingTruckRecord[], nowMs: number): TruckRecordTriage {
  const readings: TruckReading[] = [];
  const rejections: TruckRecordRejection[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const record of records) {
    if (!record.decoded.ok) {
      rejections.push({ record, code: RejectionCode.UNDECODABLE, detail: record.decoded.error });
      continue;
    }
    const reading = record.decoded.reading;
    const problem = findTruckReadingProblem(reading, nowMs);
    if (problem) {
      rejections.push({ record, code: RejectionCode.INVALID_FIELD, detail: problem });
      continue;
    }
    const keyProblem = findKeyProblem(record.key, reading.truckId);
    if (keyProblem) {
      rejections.push({ record, code: RejectionCode.BAD_KEY, detail: keyProblem });
      continue;
    }
    // The table's key, so "duplicate" means here what ON CONFLICT means there: a
    // simulator or device restarting its seq at 1 sends the same (truck, seq) at a
    // new time, and that is a new reading. Truck ids cannot contain a space.
    const identity = `${reading.truckId} ${reading.recordedAtMs} ${reading.seq}`;
    if (seen.has(identity)) {
      duplicates++;
      continue;
    }
    seen.add(identity);
    readings.push(reading);
  }
  return { readings, rejections, duplicates };
}

// The key decides the partition, hence the order of a truck's readings; a record
// keyed otherwise may overtake or be overtaken by its truck's other readings.
function findKeyProblem(key: Buffer | null, truckId: string): string | null {
  if (key === null || key.length === 0) return `key: missing; must be the truck_id ${JSON.stringify(truckId)}`;
  const text = key.toString('utf8');
  return text === truckId ? null : `key: ${JSON.stringify(text)} does not match truck_id ${JSON.stringify(truckId)}`;
}

/**
 * Ingests one partition's batch: rows first (one database transaction), then dead
 * letters. The caller commits the Kafka offsets only after this resolves, so a crash
 * at any point redelivers the batch, and redelivered rows are skipped by the
 * table's key: nothing is stored twice. Dead letters are at-least-once.
 */
@Injectable()
export class TruckReadingsService {
  private readonly log: Logger;
  private readonly running: TruckIngestTotals = { batches: 0, received: 0, accepted: 0, duplicatesSkipped: 0, deadLettered: noRejections() };

  constructor(
    @Inject(TruckReadingsRepository) private readonly repository: Pick<TruckReadingsRepository, 'storeReadings'>,
    @Inject(DeadLetterProducer) private readonly deadLetters: Pick<DeadLetterProducer, 'publish'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: TruckReadingsService.name });
  }

  async ingestBatch(batch: IncomingTruckBatch, nowMs = Date.now()): Promise<TruckBatchOutcome> {
    const { readings, rejections, duplicates } = triageTruckRecords(batch.records, nowMs);

    const accepted = readings.length > 0 ? await this.repository.storeReadings(readings) : 0;
    if (rejections.length > 0) {
      await this.deadLetters.publish(rejections.map((rejection) => toDeadLetterRecord(batch, rejection)));
      this.logRejections(batch, rejections);
    }

    const outcome: TruckBatchOutcome = {
      received: batch.records.length,
      accepted,
      duplicatesSkipped: duplicates + (readings.length - accepted),
      deadLettered: noRejections(),
    };
    for (const { code } of rejections) outcome.deadLettered[code]++;
    this.addToTotals(outcome);
    this.log.debug(
      { topic: batch.topic, partition: batch.partition, firstOffset: batch.records[0]?.offset, lastOffset: batch.records.at(-1)?.offset, ...outcome },
      'batch ingested',
    );
    return outcome;
  }

  /** Totals since the process started. */
  totals(): TruckIngestTotals {
    return { ...this.running, deadLettered: { ...this.running.deadLettered } };
  }

  private addToTotals(outcome: TruckBatchOutcome): void {
    this.running.batches++;
    this.running.received += outcome.received;
    this.running.accepted += outcome.accepted;
    this.running.duplicatesSkipped += outcome.duplicatesSkipped;
    for (const code of Object.values(RejectionCode)) this.running.deadLettered[code] += outcome.deadLettered[code];
  }

  private logRejections(batch: IncomingTruckBatch, rejections: readonly TruckRecordRejection[]): void {
    for (const { record, code, detail } of rejections.slice(0, REJECTIONS_LOGGED_PER_BATCH)) {
      this.log.warn(
        { topic: batch.topic, partition: batch.partition, offset: record.offset, correlationId: record.correlationId, code, detail },
        'record dead-lettered',
      );
    }
    if (rejections.length > REJECTIONS_LOGGED_PER_BATCH) {
      this.log.warn({ topic: batch.topic, partition: batch.partition, more: rejections.length - REJECTIONS_LOGGED_PER_BATCH }, 'more records dead-lettered in this batch');
    }
  }
}

function toDeadLetterRecord(batch: IncomingTruckBatch, { record, code, detail }: TruckRecordRejection): DeadLetterRecord {
  return {
    sourceTopic: batch.topic,
    sourcePartition: batch.partition,
    sourceOffset: record.offset,
    code,
    detail,
    originalKey: record.key,
    originalValue: record.value,
    correlationId: record.correlationId,
  };
}
