import type { FleetDecodeResult } from '@urban-brain/common';
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

/** The streams this process consumes, by topic (provided by FleetIngestModule). */
export const FLEET_STREAMS = Symbol('FLEET_STREAMS');
export type FleetStreamsByTopic = ReadonlyMap<string, FleetStream<unknown>>;
