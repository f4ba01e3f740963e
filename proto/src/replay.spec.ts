import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { BikeColumnsSchema, LiveFrameSchema, TruckColumnsSchema } from './gen/urbanbrain/live/v1/frame_pb';
import {
  decodeLiveFrameRecords,
  encodeFrameRecord,
  encodeLiveFrameRecord,
  liveFramesFrom,
  LiveFrameRecordReader,
  REPLAY_CHUNK_MAX_S,
  REPLAY_LAYERS,
  replayFramesQuerySchema,
  replayWindowProblems,
} from './replay';

const snapshot = create(LiveFrameSchema, {
  frameSeq: 1,
  sentAtMs: 1_700_000_000_000,
  snapshot: true,
  trucks: create(TruckColumnsSchema, { truckIds: ['truck-1', 'truck-2'], lon: [105.05, 105.06], lat: [29.58, 29.59] }),
  bikes: create(BikeColumnsSchema, { bikeIds: ['bike-1'], lon: [105.04], lat: [29.57], inFence: [true], fenceIds: ['fence-9'] }),
});
const delta = create(LiveFrameSchema, { frameSeq: 2, sentAtMs: 1_700_000_001_000, removedTruckIds: ['truck-2'] });
const empty = create(LiveFrameSchema, { frameSeq: 3, sentAtMs: 1_700_000_002_000 });

function body(): Uint8Array {
  const records = [snapshot, delta, empty].map(encodeLiveFrameRecord);
  const joined = new Uint8Array(records.reduce((sum, record) => sum + record.length, 0));
  let offset = 0;
  for (const record of records) {
    joined.set(record, offset);
    offset += record.length;
  }
  return joined;
}

describe('frame records', () => {
  it('prefixes each frame with its length, 4 bytes big-endian', () => {
    const record = encodeFrameRecord(new Uint8Array([7, 8, 9]));
    expect([...record]).toEqual([0, 0, 0, 3, 7, 8, 9]);
    expect([...encodeFrameRecord(new Uint8Array(0x0102))].slice(0, 4)).toEqual([0, 0, 1, 2]);
  });

  it('decodes a whole body back into the frames, an empty frame included', () => {
    const frames = decodeLiveFrameRecords(body());
    expect(frames.map((frame) => frame.frameSeq)).toEqual([1, 2, 3]);
    expect(frames[0]?.snapshot).toBe(true);
    expect(frames[0]?.trucks?.truckIds).toEqual(['truck-1', 'truck-2']);
    expect(frames[0]?.bikes?.fenceIds).toEqual(['fence-9']);
    expect(frames[1]?.removedTruckIds).toEqual(['truck-2']);
    expect(frames[2]?.sentAtMs).toBe(1_700_000_002_000);
  });

  it('reassembles records cut anywhere across chunks', () => {
    const bytes = body();
    for (const size of [1, 3, 5, 17, bytes.length]) {
      const reader = new LiveFrameRecordReader();
      const seqs: number[] = [];
      for (let offset = 0; offset < bytes.length; offset += size) seqs.push(...reader.push(bytes.subarray(offset, offset + size)).map((f) => f.frameSeq));
      reader.finish();
      expect(seqs, `chunks of ${size}`).toEqual([1, 2, 3]);
    }
  });

  it('refuses a body that ends inside a record', () => {
    const bytes = body();
    expect(() => decodeLiveFrameRecords(bytes.subarray(0, bytes.length - 1))).toThrow(/ended inside a record/);
  });

  it('refuses a length far beyond any frame', () => {
    expect(() => new LiveFrameRecordReader().push(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toThrow(/not a frames stream/);
  });

  it('reads frames from a fetch-style body reader', async () => {
    const bytes = body();
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10)];
    const reader = { read: async () => (chunks.length > 0 ? { done: false, value: chunks.shift() } : { done: true }) };
    const seqs: number[] = [];
    for await (const frame of liveFramesFrom(reader)) seqs.push(frame.frameSeq);
    expect(seqs).toEqual([1, 2, 3]);
  });
});

describe('replay queries', () => {
  it('defaults to every layer at one frame a second', () => {
    const query = replayFramesQuerySchema.parse({ from: '2025-05-01T08:00:00Z', to: '2025-05-01T08:01:00+08:00' });
    expect(query.layers).toEqual([...REPLAY_LAYERS]);
    expect(query.stepMs).toBe(1000);
    expect(query.to.toISOString()).toBe('2025-05-01T00:01:00.000Z');
  });

  it('refuses unknown layers and steps outside the limits', () => {
    expect(replayFramesQuerySchema.shape.layers.safeParse('trucks,planes').success).toBe(false);
    expect(replayFramesQuerySchema.shape.layers.parse('bikes, trucks,bikes')).toEqual(['bikes', 'trucks']);
    expect(replayFramesQuerySchema.shape.stepMs.safeParse('99').success).toBe(false);
    expect(replayFramesQuerySchema.shape.stepMs.safeParse('60001').success).toBe(false);
  });

  it('names the limit a window breaks', () => {
    const nowMs = Date.parse('2025-05-10T00:00:00Z');
    const limits = { maxWindowS: REPLAY_CHUNK_MAX_S, maxWindowLimit: 'REPLAY_CHUNK_MAX_S', allowInstant: true, maxAgeDays: 7, nowMs };
    const at = new Date('2025-05-09T00:00:00Z');
    expect(replayWindowProblems(at, at, limits)).toEqual([]);
    expect(replayWindowProblems(at, new Date(at.getTime() + 901_000), limits)).toEqual([{ field: 'to', problem: expect.stringContaining('REPLAY_CHUNK_MAX_S') }]);
    expect(replayWindowProblems(at, new Date(at.getTime() - 1), limits)).toEqual([{ field: 'to', problem: 'must not be before from' }]);
    const old = new Date('2025-05-02T23:59:59Z');
    expect(replayWindowProblems(old, old, limits)).toEqual([{ field: 'from', problem: expect.stringContaining('REPLAY_MAX_AGE_DAYS') }]);
    expect(replayWindowProblems(at, at, { ...limits, allowInstant: false })).toEqual([{ field: 'to', problem: 'must be after from' }]);
  });
});
