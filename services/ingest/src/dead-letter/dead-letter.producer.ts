import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import { DeadLetterSchema, HEADER_CORRELATION_ID } from '@urban-brain/proto';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { IngestConfig } from '../config/ingest.config';
import { INGEST_CONFIG, KAFKA } from '../core/core.tokens';
import { deadLetterReasonOf } from './dead-letter-reason.mapper';
import type { RejectionCode } from './rejection-code';

/** A refused record and why, as ingest hands it to the dead-letter topic. */
export interface DeadLetterRecord {
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  code: RejectionCode;
  detail: string;
  originalKey: Buffer | null;
  originalValue: Buffer | null;
  correlationId: string;
}

const SERVICE_NAME = 'ingest';

/** The Kafka record for a dead letter: keyed like the original, same correlation id. */
export function toDeadLetterMessage(letter: DeadLetterRecord, failedAtMs: number): Message {
  const deadLetter = create(DeadLetterSchema, {
    sourceTopic: letter.sourceTopic,
    sourcePartition: letter.sourcePartition,
    sourceOffset: letter.sourceOffset,
    reason: deadLetterReasonOf(letter.code),
    detail: letter.detail,
    originalValue: letter.originalValue ?? new Uint8Array(),
    originalKey: letter.originalKey ?? new Uint8Array(),
    service: SERVICE_NAME,
    failedAtMs: BigInt(failedAtMs),
  });
  const bytes = toBinary(DeadLetterSchema, deadLetter);
  return {
    key: letter.originalKey,
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    headers: { [HEADER_CORRELATION_ID]: letter.correlationId },
  };
}

@Injectable()
export class DeadLetterProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: Producer;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(INGEST_CONFIG) private readonly config: IngestConfig) {
    // Idempotent, acks -1: a dead letter is only "sent" once every in-sync replica has it.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // kafkajs's own default for an idempotent producer, spelled out because the
      // shared client's bounded retries would otherwise apply (and kafkajs warns).
      retry: { retries: Number.MAX_SAFE_INTEGER },
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async publish(letters: readonly DeadLetterRecord[], failedAtMs = Date.now()): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.config.DEAD_LETTER_TOPIC,
      acks: -1,
      messages: letters.map((letter) => toDeadLetterMessage(letter, failedAtMs)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
