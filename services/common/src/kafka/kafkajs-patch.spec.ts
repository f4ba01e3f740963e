import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// patches/kafkajs@2.2.4.patch rewrites kafkajs's hot encoding path (varints written straight into the buffer,
// int32 varlongs without Long arithmetic, records with their headers in one buffer, key hashes kept by the
// partitioner). These check the patched code against the wire format itself and against kafkajs's own decoder;
// every integration test then produces through it to the real broker.

const require = createRequire(__filename);
interface KafkaEncoder {
  buffer: Buffer;
  writeVarInt(v: number): KafkaEncoder;
  writeVarLong(v: number): KafkaEncoder;
  writeUVarInt(v: number): KafkaEncoder;
}
const Encoder = require('kafkajs/src/protocol/encoder') as { new (size?: number): KafkaEncoder; sizeOfVarLong(v: number): number; sizeOfVarInt(v: number): number };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: object) => KafkaEncoder;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (b: object) => Promise<KafkaEncoder> };
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{
  records: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]>; offset: string; timestamp: string }[];
}>;
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string | Buffer) => number;
const { DefaultPartitioner } = (require('kafkajs') as { Partitioners: { DefaultPartitioner: () => (args: object) => number } }).Partitioners;

/** Zigzag then LEB128, on BigInt: the wire format as the Kafka protocol defines it. */
function zigzagLeb128(value: number, bits: 32 | 64): number[] {
  const n = BigInt(value);
  let z = bits === 64 ? BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)) : BigInt.asUintN(32, (n << 1n) ^ (n >> 31n));
  const bytes: number[] = [];
  while (z >= 0x80n) {
    bytes.push(Number((z & 0x7fn) | 0x80n));
    z >>= 7n;
  }
  bytes.push(Number(z));
  return bytes;
}

const INT32_VALUES = [0, 1, -1, 2, 63, 64, -64, -65, 127, 128, 300, -300, 8191, 8192, 1_000_000, 2 ** 31 - 1, -(2 ** 31)];
const WIDER_VALUES = [2 ** 31, -(2 ** 31) - 1, 2 ** 40, -(2 ** 40), 1_764_900_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

describe('the patched kafkajs encoder', () => {
  it.each(INT32_VALUES)('writes varint %d as the protocol says', (value) => {
    expect([...new Encoder().writeVarInt(value).buffer]).toEqual(zigzagLeb128(value, 32));
    expect(Encoder.sizeOfVarInt(value)).toBe(zigzagLeb128(value, 32).length);
  });

  it.each([...INT32_VALUES, ...WIDER_VALUES])('writes varlong %d as the protocol says, and sizes it', (value) => {
    expect([...new Encoder().writeVarLong(value).buffer]).toEqual(zigzagLeb128(value, 64));
    expect(Encoder.sizeOfVarLong(value)).toBe(zigzagLeb128(value, 64).length);
  });

  it('writes many varints into one buffer past its first size', () => {
    const encoder = new Encoder(4);
    const values = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? i * 7919 : -i * 104_729));
    for (const v of values) encoder.writeVarInt(v);
    expect([...encoder.buffer]).toEqual(values.flatMap((v) => zigzagLeb128(v, 32)));
  });

  it("encodes a batch of records with headers that kafkajs's own decoder reads back whole", async () => {
    const messages = [
      { key: 'NJ-SAN-0001', value: Buffer.from([8, 1, 16, 2]), headers: { 'x-correlation-id': '5f0c8f1e-6f3e-4d51-9d0e-0a1b2c3d4e5f' } },
      { key: 'NJ-SAN-0002', value: Buffer.alloc(300, 7), headers: { a: 'one', b: ['two', 'three'] } },
      { key: null, value: Buffer.from('no key'), headers: {} },
      { key: Buffer.from('bytes-key'), value: Buffer.from('中文 value'), headers: { lang: Buffer.from('zh') } },
    ];
    const first = 1_764_900_000_000;
    const records = messages.map((m, i) => Record({ key: m.key, value: m.value, headers: m.headers, offsetDelta: i, timestampDelta: i * 250 }));
    const batch = await RecordBatch({ records, firstTimestamp: first, maxTimestamp: first + 750, lastOffsetDelta: records.length - 1 });
    const decoded = await decodeRecordBatch(new Decoder(batch.buffer));
    expect(decoded.records.map((r) => ({ key: r.key?.toString() ?? null, value: r.value!.toString(), offset: r.offset, timestamp: r.timestamp }))).toEqual([
      { key: 'NJ-SAN-0001', value: Buffer.from([8, 1, 16, 2]).toString(), offset: '0', timestamp: String(first) },
      { key: 'NJ-SAN-0002', value: Buffer.alloc(300, 7).toString(), offset: '1', timestamp: String(first + 250) },
      { key: null, value: 'no key', offset: '2', timestamp: String(first + 500) },
      { key: 'bytes-key', value: '中文 value', offset: '3', timestamp: String(first + 750) },
    ]);
    const text = (h: Buffer | Buffer[]) => (Array.isArray(h) ? h.map(String) : String(h));
    expect(decoded.records.map((r) => Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, text(v)])))).toEqual([
      { 'x-correlation-id': '5f0c8f1e-6f3e-4d51-9d0e-0a1b2c3d4e5f' },
      { a: 'one', b: ['two', 'three'] },
      {},
      { lang: 'zh' },
    ]);
  });
});

describe('the patched default partitioner', () => {
  const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({ partitionId, leader: 1 }));

  it('puts a key where the Java client does (murmur2, positive, modulo the partition count), asked once or many times', () => {
    const partition = DefaultPartitioner();
    for (const key of ['NJ-SAN-0001', 'NJ-SAN-0002', 'BIKE-10999', 'boat-03', '']) {
      const expected = (murmur2(key) & 0x7fffffff) % 6;
      expect(partition({ topic: 't', partitionMetadata, message: { key } })).toBe(expected);
      expect(partition({ topic: 't', partitionMetadata, message: { key } })).toBe(expected);
      expect(partition({ topic: 't', partitionMetadata: partitionMetadata.slice(0, 3), message: { key } })).toBe((murmur2(key) & 0x7fffffff) % 3);
    }
    expect(partition({ topic: 't', partitionMetadata, message: { key: Buffer.from('NJ-SAN-0001') } })).toBe((murmur2('NJ-SAN-0001') & 0x7fffffff) % 6);
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'NJ-SAN-0001', partition: 4 } })).toBe(4);
  });

  it('spreads keyless messages over the partitions that have a leader', () => {
    const partition = DefaultPartitioner();
    const some = partitionMetadata.map((p) => ({ ...p, leader: p.partitionId % 2 === 0 ? 1 : -1 }));
    const seen = new Set(Array.from({ length: 12 }, () => partition({ topic: 't', partitionMetadata: some, message: { value: 'x' } })));
    expect([...seen].sort()).toEqual([0, 2, 4]);
  });
});
