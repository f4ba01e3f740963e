import type { IHeaders } from 'kafkajs';
import { HEADER_CONTENT_TYPE } from '@urban-brain/proto';

/** The record's `content-type` header without parameters, lower-cased; undefined when absent. */
export function contentTypeOf(headers: IHeaders | undefined): string | undefined {
  const raw = headers?.[HEADER_CONTENT_TYPE];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === null) return undefined;
  // "application/json; charset=utf-8" is the same encoding as "application/json".
  const mediaType = value.toString().split(';')[0]!.trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}
