import { fromBinary, fromJsonString } from '@bufbuild/protobuf';
import type { IHeaders } from 'kafkajs';
import { CONTENT_TYPE_PROTOBUF, HEADER_CONTENT_TYPE, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';

// The documented JSON form for third-party producers (protobuf JSON mapping).
const CONTENT_TYPE_JSON = 'application/json';

/** A record value as a TruckReading, by its content-type header (absent = protobuf binary). Throws on garbage. */
export function decodeTruckReading(value: Buffer | null, headers: IHeaders | undefined): TruckReading {
  if (!value) throw new Error('empty record value');
  const raw = headers?.[HEADER_CONTENT_TYPE];
  const contentType = (Array.isArray(raw) ? raw[0] : raw)?.toString().split(';')[0]?.trim().toLowerCase();
  if (!contentType || contentType === CONTENT_TYPE_PROTOBUF) return fromBinary(TruckReadingSchema, value);
  if (contentType === CONTENT_TYPE_JSON) return fromJsonString(TruckReadingSchema, value.toString('utf8'));
  throw new Error(`unsupported content-type ${JSON.stringify(contentType)}`);
}
