import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { TaskState, TruckKind, TruckReadingSchema, type TruckReading } from '@urban-brain/proto';
import type { Message, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector';
import { withFaults, type RecordProducer } from './fault-injecting-producer';
import { NO_FAULTS, parseFaultRates } from './fault-rates';
import { positionJumperFor } from './position-jumper';

const TOPIC = 'test.trucks';
const START_MS = Date.UTC(2025, 5, 1, 8, 0, 0);

/** Stands in for kafkajs: keeps every record as a consumer would see it. */
class FakeProducer implements RecordProducer {
  readonly seen: Message[] = [];
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async send(record: ProducerRecord) {
    this.seen.push(...record.messages);
    return [];
  }
}

const reading = (truck: number, seq: number): TruckReading =>
  create(TruckReadingSchema, {
    truckId: `T${truck}`,
    seq,
    recordedAtMs: BigInt(START_MS + seq * 1000),
    lon: 105.05 + truck * 0.001,
    lat: 29.58,
    speedKmh: 20,
    headingDeg: 90,
    loadKg: 100,
    taskState: TaskState.COLLECTING,
    kind: TruckKind.COMPACTOR,
  });
const messageOf = (r: TruckReading): Message => ({ key: r.truckId, value: Buffer.from(toBinary(TruckReadingSchema, r)) });

/** Sends `ticks` batches of one reading per truck through the wrapper, one second apart. */
async function drive(spec: string, trucks = 50, ticks = 400) {
  let now = START_MS;
  const injector = new FaultInjector(spec === '' ? NO_FAULTS : parseFaultRates(spec), 1234, () => now);
  injector.registerPositionJumper(TOPIC, positionJumperFor(TruckReadingSchema));
  const sink = new FakeProducer();
  const producer = withFaults(sink, injector);
  for (let seq = 1; seq <= ticks; seq++) {
    now = START_MS + seq * 1000;
    await producer.send({ topic: TOPIC, messages: Array.from({ length: trucks }, (_, t) => messageOf(reading(t, seq))) });
  }
  await producer.disconnect();
  return { seen: sink.seen, counters: injector.snapshot().byTopic[TOPIC]!, total: trucks * ticks };
}

describe('withFaults', () => {
  it('passes every record through unchanged when no fault is asked for', async () => {
    const { seen, counters, total } = await drive('');
    expect(seen).toHaveLength(total);
    expect(counters).toMatchObject({ offered: total, emitted: total, duplicate: 0, malformed: 0, outOfOrder: 0, stale: 0, gpsJump: 0 });
  });

  it('injects each fault at about its rate, and counts exactly what a consumer sees', async () => {
    const { seen, counters, total } = await drive('stale:0.002,gps-jump:0.01,duplicate:0.02,out-of-order:0.01,malformed:0.005');
    expect(counters.emitted).toBe(seen.length);

    let malformed = 0;
    let duplicates = 0;
    let reordered = 0;
    let jumps = 0;
    const seenBytes = new Set<string>();
    const lastSeq = new Map<string, number>();
    const seqsByTruck = new Map<string, Set<number>>();
    for (const m of seen) {
      const hex = (m.value as Buffer).toString('hex');
      if (seenBytes.has(hex)) {
        duplicates++;
        continue;
      }
      seenBytes.add(hex);
      let r: TruckReading;
      try {
        r = fromBinary(TruckReadingSchema, m.value as Buffer);
      } catch {
        malformed++;
        continue;
      }
      const truck = Number(r.truckId.slice(1));
      if (Math.abs(r.lon - (105.05 + truck * 0.001)) > 0.005 || Math.abs(r.lat - 29.58) > 0.005) jumps++;
      if (r.seq < (lastSeq.get(r.truckId) ?? 0)) reordered++;
      lastSeq.set(r.truckId, Math.max(r.seq, lastSeq.get(r.truckId) ?? 0));
      seqsByTruck.set(r.truckId, (seqsByTruck.get(r.truckId) ?? new Set()).add(r.seq));
    }
    expect(duplicates).toBe(counters.duplicate);
    expect(malformed).toBe(counters.malformed);
    // A swap with a malformed partner cannot be seen in the seqs; the next test checks swaps exactly.
    expect(reordered).toBeLessThanOrEqual(counters.outOfOrder);
    expect(reordered).toBeGreaterThan(counters.outOfOrder * 0.9);
    expect(jumps).toBe(counters.gpsJump);
    // What never arrived is exactly what stale devices dropped (malformed ones arrived, as garbage).
    const arrivedOk = [...seqsByTruck.values()].reduce((n, s) => n + s.size, 0);
    expect(total - arrivedOk - counters.malformed).toBe(counters.staleDropped);
    expect(seen.length).toBe(total - counters.staleDropped + counters.duplicate);

    // About the asked rates (20,000 messages), so a broken rate would show.
    expect(counters.duplicate / total).toBeGreaterThan(0.012);
    expect(counters.duplicate / total).toBeLessThan(0.028);
    expect(counters.malformed).toBeGreaterThan(40);
    expect(counters.outOfOrder).toBeGreaterThan(100);
    expect(counters.gpsJump).toBeGreaterThan(100);
    expect(counters.stale).toBeGreaterThan(10);
    // A stale device stays quiet for a while, not one message.
    expect(counters.staleDropped).toBeGreaterThan(counters.stale * 20);
  });

  it('counts every swap a consumer sees as a seq going backwards', async () => {
    const { seen, counters } = await drive('out-of-order:0.02,duplicate:0.02,stale:0.002');
    let reordered = 0;
    const lastSeq = new Map<string, number>();
    for (const m of seen) {
      const r = fromBinary(TruckReadingSchema, m.value as Buffer);
      const last = lastSeq.get(r.truckId) ?? 0;
      if (r.seq < last) reordered++;
      lastSeq.set(r.truckId, Math.max(r.seq, last));
    }
    expect(counters.outOfOrder).toBeGreaterThan(200);
    expect(reordered).toBe(counters.outOfOrder);
  });

  it('is repeatable for a seed', async () => {
    const a = await drive('duplicate:0.05,malformed:0.05', 10, 100);
    const b = await drive('duplicate:0.05,malformed:0.05', 10, 100);
    expect(a.seen.map((m) => (m.value as Buffer).toString('hex'))).toEqual(b.seen.map((m) => (m.value as Buffer).toString('hex')));
  });
});

describe('parseFaultRates', () => {
  it('reads a comma list of kind:rate', () => {
    expect(parseFaultRates('stale:0.01, duplicate:0.5')).toEqual({ ...NO_FAULTS, stale: 0.01, duplicate: 0.5 });
    expect(parseFaultRates('')).toEqual(NO_FAULTS);
  });

  it('names every bad entry', () => {
    expect(() => parseFaultRates('stale:2,nope:0.1,duplicate')).toThrow(/stale:2.*unknown fault "nope".*duplicate/);
  });
});
