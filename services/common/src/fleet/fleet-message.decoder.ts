import { fromBinary, fromJsonString, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  BikeEventSchema,
  BoatReadingSchema,
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  CorridorObservationSchema,
  SignalPhaseChangeSchema,
  TruckReadingSchema,
  type BikeEvent,
  type BoatReading,
  type CorridorObservation,
  type SignalPhaseChange,
  type TruckReading,
} from '@urban-brain/proto';

/** A Kafka value decoded into its topic's message, or why it could not be. */
export type FleetDecodeResult<T> = { ok: true; message: T } | { ok: false; error: string };

/**
 * Decodes a fleet topic's value by its content type (the `content-type` header,
 * parameters stripped): absent or application/x-protobuf is protobuf binary,
 * application/json is canonical proto3 JSON (docs/json-messages.md). JSON with
 * an unknown field is refused, so a misspelt field is not silently dropped.
 */
export function decodeFleetMessage<Desc extends DescMessage>(
  schema: Desc,
  value: Uint8Array,
  contentType: string | undefined,
): FleetDecodeResult<MessageShape<Desc>> {
  if (contentType === undefined || contentType === CONTENT_TYPE_PROTOBUF) {
    try {
      return { ok: true, message: fromBinary(schema, value) };
    } catch (error) {
      return { ok: false, error: `value: not a ${schema.name} protobuf (${(error as Error).message})` };
    }
  }
  if (contentType === CONTENT_TYPE_JSON) {
    try {
      return { ok: true, message: fromJsonString(schema, Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')) };
    } catch (error) {
      return { ok: false, error: `value: not a ${schema.name} in proto3 JSON (${(error as Error).message})` };
    }
  }
  return { ok: false, error: `content-type: ${JSON.stringify(contentType)} is not supported; use ${CONTENT_TYPE_PROTOBUF} (or none) or ${CONTENT_TYPE_JSON}` };
}

export const decodeTruckReading = (value: Uint8Array, contentType?: string): FleetDecodeResult<TruckReading> =>
  decodeFleetMessage(TruckReadingSchema, value, contentType);

export const decodeBikeEvent = (value: Uint8Array, contentType?: string): FleetDecodeResult<BikeEvent> =>
  decodeFleetMessage(BikeEventSchema, value, contentType);

export const decodeBoatReading = (value: Uint8Array, contentType?: string): FleetDecodeResult<BoatReading> =>
  decodeFleetMessage(BoatReadingSchema, value, contentType);

export const decodeSignalPhaseChange = (value: Uint8Array, contentType?: string): FleetDecodeResult<SignalPhaseChange> =>
  decodeFleetMessage(SignalPhaseChangeSchema, value, contentType);

export const decodeCorridorObservation = (value: Uint8Array, contentType?: string): FleetDecodeResult<CorridorObservation> =>
  decodeFleetMessage(CorridorObservationSchema, value, contentType);
