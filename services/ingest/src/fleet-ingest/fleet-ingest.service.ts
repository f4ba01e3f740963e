import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import type { IngestConfig, StreamName } from '../config/ingest.config';
import { INGEST_CONFIG, LOGGER } from '../core/core.tokens';
import { classifyWriteError } from '../database/write-error.mapper';
import { DeadLetterProducer, type DeadLetterRecord } from '../dead-letter/dead-letter.producer';
import { RejectionCode } from '../dead-letter/rejection-code';
import type { FleetStream } from './fleet-stream';
import type { IncomingBatch, IncomingRecord } from './incoming-record';
import { triageRecords, type RecordRejection } from './record-triage';
import { bisectRejectedRows, type RejectedRow } from './rejected-rows.bisection';

export interface BatchOutcome {
  received: number;
  /** Rows new to the database. */
  accepted: number;
  /** Repeats within the batch plus rows the database already held (redelivery). */
  duplicatesSkipped: number;
  deadLettered: Record<RejectionCode, number>;
}

export type IngestTotals = BatchOutcome & { batches: number };

// A flood of bad records must not become a flood of log lines: each batch logs
// its first few rejections in full, then a count.
const REJECTIONS_LOGGED_PER_BATCH = 5;

const noRejections = (): Record<RejectionCode, number> => ({
  [RejectionCode.UNDECODABLE]: 0,
  [RejectionCode.INVALID_FIELD]: 0,
  [RejectionCode.BAD_KEY]: 0,
  [RejectionCode.REJECTED_BY_DATABASE]: 0,
});

const noTotals = (): IngestTotals => ({ batches: 0, received: 0, accepted: 0, duplicatesSkipped: 0, deadLettered: noRejections() });

const copyOf = (totals: IngestTotals): IngestTotals => ({ ...totals, deadLettered: { ...totals.deadLettered } });

/**
 * Ingests one partition's batch of one stream: rows first (one database
 * transaction), then dead letters. The caller commits the Kafka offsets only after
 * this resolves, so a crash at any point redelivers the batch, and redelivered
 * rows are skipped by the table's key: nothing is stored twice. Dead letters are
 * at-least-once. A row that passed the checks but that the database refuses for
 * good (SQLSTATE class 22 or 23) is found by bisecting its transaction and
 * dead-lettered like any bad record; any other write error fails the batch, and
 * the consumer's backpressure retries it.
 */
@Injectable()
export class FleetIngestService {
  private readonly log: Logger;
  private readonly running = noTotals();
  private readonly runningByStream = new Map<StreamName, IngestTotals>();

  constructor(
    @Inject(DeadLetterProducer) private readonly deadLetters: Pick<DeadLetterProducer, 'publish'>,
    @Inject(LOGGER) logger: Logger,
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'INGEST_WRITE_BATCH_ROWS'>,
  ) {
    this.log = logger.child({ context: FleetIngestService.name });
  }

  async ingestBatch<Message>(stream: FleetStream<Message>, batch: IncomingBatch<Message>, nowMs = Date.now()): Promise<BatchOutcome> {
    const triage = triageRecords(stream, batch.records, nowMs);
    const { accepted: messages, duplicates } = triage;

    const { stored: accepted, refused } = await this.store(stream, batch, messages);
    const rejections = refused.length > 0 ? [...triage.rejections, ...toDatabaseRejections(batch, refused)] : triage.rejections;
    if (rejections.length > 0) {
      await this.deadLetters.publish(rejections.map((rejection) => toDeadLetterRecord(batch, rejection)));
      this.logRejections(stream, batch, rejections);
    }

    const outcome: BatchOutcome = {
      received: batch.records.length,
      accepted,
      duplicatesSkipped: duplicates + (messages.length - refused.length - accepted),
      deadLettered: noRejections(),
    };
    for (const { code } of rejections) outcome.deadLettered[code]++;
    addTo(this.running, outcome);
    addTo(this.streamTotals(stream.name), outcome);
    this.log.debug(
      { stream: stream.name, topic: batch.topic, partition: batch.partition, firstOffset: batch.records[0]?.offset, lastOffset: batch.records.at(-1)?.offset, ...outcome },
      'batch ingested',
    );
    return outcome;
  }

  // In transactions of at most INGEST_WRITE_BATCH_ROWS (the measured curve's knee). Should a later
  // one fail, the whole batch is retried and the rows of the earlier ones count as duplicates then.
  // A transaction the database refuses because of its rows is bisected: the refused rows come back,
  // every other row is stored.
  private async store<Message>(
    stream: FleetStream<Message>,
    batch: IncomingBatch<Message>,
    messages: readonly Message[],
  ): Promise<{ stored: number; refused: RejectedRow<Message>[] }> {
    const size = this.config.INGEST_WRITE_BATCH_ROWS;
    let stored = 0;
    const refused: RejectedRow<Message>[] = [];
    for (let i = 0; i < messages.length; i += size) {
      const part = messages.length <= size ? messages : messages.slice(i, i + size);
      try {
        stored += await stream.store(part);
      } catch (error) {
        const classified = classifyWriteError(error);
        if (classified.kind !== 'rows-rejected') throw error;
        const bisection = await bisectRejectedRows(part, (rows) => stream.store(rows), classified);
        stored += bisection.stored;
        refused.push(...bisection.rejected);
        this.log.warn(
          {
            stream: stream.name,
            topic: batch.topic,
            partition: batch.partition,
            rows: part.length,
            sqlState: classified.sqlState,
            refused: bisection.rejected.length,
            stored: bisection.stored,
            writes: bisection.writes,
            depth: bisection.depth,
            maxDepth: bisection.maxDepth,
          },
          'database refused rows; transaction bisected, refused rows dead-lettered, the others stored',
        );
      }
    }
    return { stored, refused };
  }

  /** Totals of every stream since the process started. */
  totals(): IngestTotals {
    return copyOf(this.running);
  }

  /** Totals per stream since the process started; streams without a batch yet are absent. */
  totalsByStream(): Partial<Record<StreamName, IngestTotals>> {
    return Object.fromEntries([...this.runningByStream].map(([name, totals]) => [name, copyOf(totals)]));
  }

  private streamTotals(name: StreamName): IngestTotals {
    let totals = this.runningByStream.get(name);
    if (!totals) this.runningByStream.set(name, (totals = noTotals()));
    return totals;
  }

  private logRejections<Message>(stream: FleetStream<Message>, batch: IncomingBatch<Message>, rejections: readonly RecordRejection<Message>[]): void {
    for (const { record, code, detail } of rejections.slice(0, REJECTIONS_LOGGED_PER_BATCH)) {
      this.log.warn(
        { stream: stream.name, topic: batch.topic, partition: batch.partition, offset: record.offset, correlationId: record.correlationId, code, detail },
        'record dead-lettered',
      );
    }
    if (rejections.length > REJECTIONS_LOGGED_PER_BATCH) {
      this.log.warn(
        { stream: stream.name, topic: batch.topic, partition: batch.partition, more: rejections.length - REJECTIONS_LOGGED_PER_BATCH },
        'more records dead-lettered in this batch',
      );
    }
  }
}

function addTo(totals: IngestTotals, outcome: BatchOutcome): void {
  totals.batches++;
  totals.received += outcome.received;
  totals.accepted += outcome.accepted;
  totals.duplicatesSkipped += outcome.duplicatesSkipped;
  for (const code of Object.values(RejectionCode)) totals.deadLettered[code] += outcome.deadLettered[code];
}

// The records behind the rows the database refused: the decoded message is the record's own object.
function toDatabaseRejections<Message>(batch: IncomingBatch<Message>, refused: readonly RejectedRow<Message>[]): RecordRejection<Message>[] {
  const recordOf = new Map<Message, IncomingRecord<Message>>();
  for (const record of batch.records) if (record.decoded.ok) recordOf.set(record.decoded.message, record);
  return refused.map(({ row, error }) => {
    const record = recordOf.get(row);
    // Only triage's accepted messages reach the database, and each is some record's decoded message.
    if (!record) throw new Error('a refused row has no record in its batch');
    return { record, code: RejectionCode.REJECTED_BY_DATABASE, detail: error.detail };
  });
}

function toDeadLetterRecord<Message>(batch: IncomingBatch<Message>, { record, code, detail }: RecordRejection<Message>): DeadLetterRecord {
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
