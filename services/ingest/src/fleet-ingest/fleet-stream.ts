import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { decodeStreamMessage, identityOf, type FleetDecodeResult, type FleetStreamDescriptor } from '@urban-brain/common';
import type { StreamName } from '../config/ingest.config';

/**
 * What ingest needs to know about one stream (one topic, one message type):
 * how to decode and judge a message, which id the Kafka key must carry, and
 * where the accepted messages go. One per fleet feature folder.
 */
export interface FleetStream<Message> {
  readonly name: StreamName;
  /** The protobuf message name, for logs. */
  readonly messageName: string;
  /** The message field the record key must equal, spelled as in the .proto. */
  readonly keyField: string;
  // Methods rather than function properties: a FleetStream<BikeEvent> then fits where a FleetStream<unknown> is expected.
  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<Message>;
  findProblem(message: Message, nowMs: number): string | null;
  keyOf(message: Message): string;
  /** The table's key as text, so an in-batch duplicate means what ON CONFLICT means. */
  identityOf(message: Message): string;
  /** Stores messages in one transaction; returns how many were new. */
  store(messages: readonly Message[]): Promise<number>;
}

/**
 * A stream as its fleet descriptor says (name, schema, key, identity, checks: the same in every
 * service); the feature folder adds only where the messages are stored.
 */
export abstract class DescribedFleetStream<Desc extends DescMessage> implements FleetStream<MessageShape<Desc>> {
  readonly name: StreamName;
  readonly messageName: string;
  readonly keyField: string;

  protected constructor(private readonly descriptor: FleetStreamDescriptor<Desc>) {
    this.name = descriptor.name;
    this.messageName = descriptor.schema.name;
    this.keyField = descriptor.keyField;
  }

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<MessageShape<Desc>> {
    return decodeStreamMessage(this.descriptor, value, contentType);
  }

  findProblem(message: MessageShape<Desc>, nowMs: number): string | null {
    return this.descriptor.findProblem(message, nowMs);
  }

  keyOf(message: MessageShape<Desc>): string {
    return this.descriptor.deviceOf(message);
  }

  identityOf(message: MessageShape<Desc>): string {
    return identityOf(this.descriptor, message);
  }

  abstract store(messages: readonly MessageShape<Desc>[]): Promise<number>;
}

/** The streams this process consumes, by topic (provided by FleetIngestModule). */
export const FLEET_STREAMS = Symbol('FLEET_STREAMS');
export type FleetStreamsByTopic = ReadonlyMap<string, FleetStream<unknown>>;
