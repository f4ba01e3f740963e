// Replay over HTTP (issue 14): the api reads the database and answers the wall's own LiveFrame messages,
// so the replay page and the wall-in-the-past draw with the live layers' code. This file is the contract
// both ends build to: the query schemas with their limits, the JSON answers, and the framing of the
// binary frames body (`GET /api/replay/frames`). No DOM and no node types: the browser and node use it alike.
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { z } from 'zod';
import { type LiveFrame, LiveFrameSchema } from './gen/urbanbrain/live/v1/frame_pb';

/** The longest window one frames request may cover, seconds (`to - from`). */
export const REPLAY_CHUNK_MAX_S = 900;
/** How far back replay reaches by default, days: what the database keeps raw (the api may be set to keep less). */
export const REPLAY_MAX_AGE_DAYS = 7;
/** One step of replay time per frame after the snapshot, ms. */
export const REPLAY_STEP_MS_MIN = 100;
export const REPLAY_STEP_MS_MAX = 60_000;
export const REPLAY_STEP_MS_DEFAULT = 1000;
/** Buckets of the scrubber's density timeline. */
export const REPLAY_TIMELINE_BUCKETS_MIN = 10;
export const REPLAY_TIMELINE_BUCKETS_MAX = 2000;
export const REPLAY_TIMELINE_BUCKETS_DEFAULT = 400;
/** The body type of `GET /api/replay/frames`: length-prefixed LiveFrame records. */
export const REPLAY_FRAMES_CONTENT_TYPE = 'application/x-ub-live-frames';

/** The layers replay can play, named as the live frames name them. */
export const REPLAY_LAYERS = ['trucks', 'bikes', 'boats', 'corridors', 'ambulances'] as const;
export type ReplayLayer = (typeof REPLAY_LAYERS)[number];

const TIME_EXAMPLE = 'e.g. 2025-05-01T08:00:00Z or 2025-05-01T16:00:00+08:00';
const ONCE = 'must be given once';

// Query values arrive as text. Same wording as the api's other time parameters.
const isoTime = z
  .string({ required_error: `is required: an ISO-8601 time with a zone, ${TIME_EXAMPLE}`, invalid_type_error: ONCE })
  // An unescaped "+08:00" in a query string arrives as " 08:00"; take the obvious meaning.
  .transform((text) => text.replace(/ (\d{2}(:?\d{2})?)$/, '+$1'))
  .pipe(z.string().datetime({ offset: true, message: `must be an ISO-8601 time with a zone, ${TIME_EXAMPLE}` }))
  .transform((text) => new Date(text))
  .refine((time) => !Number.isNaN(time.getTime()), `must be an ISO-8601 time with a zone, ${TIME_EXAMPLE}`);

function wholeNumber(min: number, max: number, fallback: number) {
  const problem = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ invalid_type_error: ONCE })
    .regex(/^\d{1,9}$/, problem)
    .transform(Number)
    .pipe(z.number().int().min(min, problem).max(max, problem))
    .default(String(fallback));
}

const layersProblem = `must be a comma-separated list of ${REPLAY_LAYERS.join(', ')}`;
const layers = z
  .string({ invalid_type_error: ONCE })
  .transform((text) => [...new Set(text.split(',').map((name) => name.trim()).filter((name) => name !== ''))])
  .refine((names) => names.length > 0 && names.every((name) => (REPLAY_LAYERS as readonly string[]).includes(name)), layersProblem)
  .transform((names) => names as ReplayLayer[])
  .default(REPLAY_LAYERS.join(','));

/**
 * `GET /api/replay/frames`. Checks across fields (to >= from, the chunk and age limits) are
 * replayWindowProblems; the api reports every problem by field.
 */
export const replayFramesQuerySchema = z.object({
  from: isoTime.describe('Replay start: the snapshot is the city at this instant. ISO-8601 with a zone'),
  to: isoTime.describe(`Replay end, ISO-8601 with a zone; at least from, at most ${REPLAY_CHUNK_MAX_S} s after it (from = to is a seek: the snapshot only)`),
  layers: layers.describe(`Comma-separated layers (${REPLAY_LAYERS.join(', ')}); all when absent`),
  stepMs: wholeNumber(REPLAY_STEP_MS_MIN, REPLAY_STEP_MS_MAX, REPLAY_STEP_MS_DEFAULT).describe('Replay time per frame after the snapshot, ms'),
});
export type ReplayFramesQuery = z.output<typeof replayFramesQuerySchema>;

/** `GET /api/replay/timeline`. */
export const replayTimelineQuerySchema = z.object({
  from: isoTime.describe('Window start (inclusive), ISO-8601 with a zone'),
  to: isoTime.describe(`Window end (exclusive), after from, at most the kept history (${REPLAY_MAX_AGE_DAYS} days by default) long`),
  buckets: wholeNumber(REPLAY_TIMELINE_BUCKETS_MIN, REPLAY_TIMELINE_BUCKETS_MAX, REPLAY_TIMELINE_BUCKETS_DEFAULT).describe('Buckets the window is cut into'),
});
export type ReplayTimelineQuery = z.output<typeof replayTimelineQuerySchema>;

/** `GET /api/replay/alerts`. */
export const replayAlertsQuerySchema = z.object({
  from: isoTime.describe('Window start (inclusive), ISO-8601 with a zone'),
  to: isoTime.describe(`Window end (exclusive), after from, at most the kept history (${REPLAY_MAX_AGE_DAYS} days by default) long`),
});
export type ReplayAlertsQuery = z.output<typeof replayAlertsQuerySchema>;

export interface ReplayWindowProblem {
  field: 'from' | 'to';
  problem: string;
}

export interface ReplayWindowLimits {
  /** Longest window, seconds, and the name of that limit (REPLAY_CHUNK_MAX_S, REPLAY_MAX_AGE_DAYS); `to == from` allowed when `allowInstant`. */
  maxWindowS: number;
  maxWindowLimit: string;
  allowInstant: boolean;
  maxAgeDays: number;
  /** The server's clock, epoch ms. */
  nowMs: number;
}

/** The checks across from and to, worded so each names the limit it breaks. */
export function replayWindowProblems(from: Date, to: Date, limits: ReplayWindowLimits): ReplayWindowProblem[] {
  const problems: ReplayWindowProblem[] = [];
  const spanMs = to.getTime() - from.getTime();
  if (spanMs < 0 || (spanMs === 0 && !limits.allowInstant)) {
    problems.push({ field: 'to', problem: limits.allowInstant ? 'must not be before from' : 'must be after from' });
  } else if (spanMs > limits.maxWindowS * 1000) {
    problems.push({ field: 'to', problem: `must be at most ${limits.maxWindowS} s after from (the ${limits.maxWindowLimit} limit)` });
  }
  if (from.getTime() < limits.nowMs - limits.maxAgeDays * 86_400_000) {
    problems.push({ field: 'from', problem: `must be within the kept history, at most ${limits.maxAgeDays} days ago (the REPLAY_MAX_AGE_DAYS limit)` });
  }
  return problems;
}

/** `GET /api/replay/range`: what can be replayed. */
export const replayRangeResponseSchema = z.object({
  /** The oldest stored reading within the kept history, ISO; null when nothing is stored. */
  earliest: z.string().nullable(),
  latest: z.string().nullable(),
  maxAgeDays: z.number(),
  maxChunkS: z.number(),
});
export type ReplayRangeResponse = z.infer<typeof replayRangeResponseSchema>;

/** `GET /api/replay/timeline`: densities for the scrubber, one entry per bucket. */
export const replayTimelineResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucketS: z.number(),
  /** Readings stored per bucket, every fleet. */
  events: z.array(z.number()),
  /** Alerts raised per bucket. */
  alerts: z.array(z.number()),
});
export type ReplayTimelineResponse = z.infer<typeof replayTimelineResponseSchema>;

export const replayAlertSchema = z.object({
  id: z.string(),
  rule: z.string(),
  fleet: z.string(),
  entityId: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.object({ en: z.string(), zh: z.string() }),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});
export type ReplayAlert = z.infer<typeof replayAlertSchema>;

/** `GET /api/replay/alerts`: alerts raised in the window or open during it, oldest raise first. */
export const replayAlertsResponseSchema = z.object({ alerts: z.array(replayAlertSchema) });
export type ReplayAlertsResponse = z.infer<typeof replayAlertsResponseSchema>;

// ---- The frames body: records of a 4-byte big-endian unsigned length, then one encoded LiveFrame. ----

export const FRAME_RECORD_HEADER_BYTES = 4;
// A whole-city snapshot is a few MB; anything far beyond is a corrupt length, not a frame.
export const FRAME_RECORD_MAX_BYTES = 256 * 1024 * 1024;

/** One record: the length then the bytes of an encoded LiveFrame. */
export function encodeFrameRecord(frameBytes: Uint8Array): Uint8Array {
  const record = new Uint8Array(FRAME_RECORD_HEADER_BYTES + frameBytes.length);
  new DataView(record.buffer).setUint32(0, frameBytes.length, false);
  record.set(frameBytes, FRAME_RECORD_HEADER_BYTES);
  return record;
}

export function encodeLiveFrameRecord(frame: LiveFrame): Uint8Array {
  return encodeFrameRecord(toBinary(LiveFrameSchema, frame));
}

/**
 * Cuts a byte stream into records as its chunks arrive (a chunk may end mid-record or hold several).
 * push() returns the frames completed by the chunk; finish() throws if the stream ended mid-record.
 */
export class LiveFrameRecordReader {
  private pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): LiveFrame[] {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const frames: LiveFrame[] = [];
    let offset = 0;
    while (bytes.length - offset >= FRAME_RECORD_HEADER_BYTES) {
      const length = new DataView(bytes.buffer, bytes.byteOffset + offset, FRAME_RECORD_HEADER_BYTES).getUint32(0, false);
      if (length > FRAME_RECORD_MAX_BYTES) throw new Error(`frame record of ${length} bytes is over ${FRAME_RECORD_MAX_BYTES}: not a frames stream`);
      const end = offset + FRAME_RECORD_HEADER_BYTES + length;
      if (end > bytes.length) break;
      frames.push(fromBinary(LiveFrameSchema, bytes.subarray(offset + FRAME_RECORD_HEADER_BYTES, end)));
      offset = end;
    }
    // Copy the tail so a large chunk already decoded is not kept alive by it.
    this.pending = bytes.slice(offset);
    return frames;
  }

  /** Bytes held of an incomplete record. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  finish(): void {
    if (this.pending.length > 0) throw new Error(`frames stream ended inside a record (${this.pending.length} bytes left over)`);
  }
}

/** Every frame of a whole body. */
export function decodeLiveFrameRecords(body: Uint8Array): LiveFrame[] {
  const reader = new LiveFrameRecordReader();
  const frames = reader.push(body);
  reader.finish();
  return frames;
}

/** The part of a WHATWG ReadableStreamDefaultReader (fetch's `response.body.getReader()`) this needs. */
export interface ByteChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
}

/** Frames as they arrive from a fetch body, in the browser or node: `for await (const frame of liveFramesFrom(res.body.getReader()))`. */
export async function* liveFramesFrom(reader: ByteChunkReader): AsyncGenerator<LiveFrame> {
  const records = new LiveFrameRecordReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value) yield* records.push(value);
  }
  records.finish();
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
