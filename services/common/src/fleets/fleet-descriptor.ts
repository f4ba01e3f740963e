import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { LiveLayer } from '@urban-brain/proto';
import { decodeFleetMessage, type FleetDecodeResult } from '../fleet/fleet-message.decoder';

/**
 * One Kafka stream of a fleet: one topic, one protobuf message, keyed by device. Every service
 * reads the stream from here (ingest, realtime, the simulator, the api's history), so nothing
 * outside `fleets/` switches on which fleet a message belongs to.
 *
 * A message's identity is `(device, recorded_at_ms, seq)`: the tables' primary key, the in-batch
 * dedupe and the loss check of the benchmarks all mean this triple.
 */
export interface FleetStreamDescriptor<Desc extends DescMessage = DescMessage> {
  /** The stream's name: ingest's feature folder and INGEST_STREAMS entry ("truck-readings"). */
  readonly name: string;
  /** The fleet it belongs to ("trucks"); a fleet may have more than one stream (signals: phases, observations). */
  readonly fleet: string;
  /** The default Kafka topic (proto/src/topics.ts). */
  readonly topic: string;
  /**
   * What each service's topic setting is called for this stream: `<SERVICE>_<topicSetting>_TOPIC`
   * (INGEST_TRUCK_TOPIC, REALTIME_TRUCK_TOPIC, SIM_TRUCK_TOPIC).
   */
  readonly topicSetting: string;
  readonly schema: Desc;
  /** The message field the record key carries, spelled as in the .proto. */
  readonly keyField: string;
  /** The tables ingest stores the stream in, the first holding one row per message. */
  readonly tables: readonly string[];
  /** The live map layer the stream feeds, if any. */
  readonly liveLayer?: LiveLayer;
  /**
   * The stream reports changes only (a bike's state holds from one event to the next, for hours): a
   * consumer that needs the current state of every device reads it from the start of retention,
   * not from a recent moment.
   */
  readonly stateFromStart?: boolean;
  // Method syntax on purpose: a descriptor of one message then fits where FleetStreamDescriptor (any message) is expected.
  /** The device the message is from: the record key. */
  deviceOf(message: MessageShape<Desc>): string;
  recordedAtMsOf(message: MessageShape<Desc>): number;
  seqOf(message: MessageShape<Desc>): number;
  /** The first problem that keeps the message out of storage and the live map (dead-lettered with it), or null. */
  findProblem(message: MessageShape<Desc>, nowMs: number): string | null;
}

/** A fleet: its streams and what the product calls it. */
export interface FleetDescriptor {
  /** "trucks", "bikes", "boats", "signals", "ambulances". */
  readonly name: string;
  readonly streams: readonly FleetStreamDescriptor[];
}

/** Keeps a descriptor's message type while checking its shape. */
export function defineFleetStream<Desc extends DescMessage>(descriptor: FleetStreamDescriptor<Desc>): FleetStreamDescriptor<Desc> {
  return descriptor;
}

/** The message's identity as text: what ON CONFLICT and the in-batch dedupe mean by "the same message". */
export function identityOf<Desc extends DescMessage>(stream: FleetStreamDescriptor<Desc>, message: MessageShape<Desc>): string {
  return `${stream.deviceOf(message)} ${stream.recordedAtMsOf(message)} ${stream.seqOf(message)}`;
}

/** Decodes a Kafka value of the stream by its content type (protobuf binary or proto3 JSON). */
export function decodeStreamMessage<Desc extends DescMessage>(
  stream: FleetStreamDescriptor<Desc>,
  value: Uint8Array,
  contentType: string | undefined,
): FleetDecodeResult<MessageShape<Desc>> {
  return decodeFleetMessage(stream.schema, value, contentType);
}

/** Decodes and checks a value: the message, or why it cannot be stored or shown (the same rule in every service). */
export function decodeCheckedStreamMessage<Desc extends DescMessage>(
  stream: FleetStreamDescriptor<Desc>,
  value: Uint8Array,
  contentType: string | undefined,
  nowMs: number,
): FleetDecodeResult<MessageShape<Desc>> {
  const decoded = decodeStreamMessage(stream, value, contentType);
  if (!decoded.ok) return decoded;
  const problem = stream.findProblem(decoded.message, nowMs);
  return problem === null ? decoded : { ok: false, error: problem };
}

/** The message as the protobuf bytes its topic carries. */
export function encodeStreamMessage<Desc extends DescMessage>(stream: FleetStreamDescriptor<Desc>, message: MessageShape<Desc>): Uint8Array {
  return toBinary(stream.schema, message);
}

/** Protobuf bytes back into the message, unchecked (tests, tools). */
export function parseStreamMessage<Desc extends DescMessage>(stream: FleetStreamDescriptor<Desc>, bytes: Uint8Array): MessageShape<Desc> {
  return fromBinary(stream.schema, bytes);
}
