import type { Message } from 'kafkajs';
import { SeededRandom } from '../truck-fleet/seeded-random';
import { FAULT_KINDS, type FaultKind, type FaultRates } from './fault-rates';

/** Moves the position inside an encoded message; null when the message has none (the fault is then skipped). */
export type PositionJumper = (value: Buffer, random: SeededRandom) => Buffer | null;

export interface TopicFaultCounters {
  /** Messages handed to the injector. */
  offered: number;
  /** Records that left it (what a consumer will see, counting duplicates and malformed ones). */
  emitted: number;
  /** Devices that went stale, and the messages they did not send meanwhile. */
  stale: number;
  staleDropped: number;
  gpsJump: number;
  duplicate: number;
  outOfOrder: number;
  malformed: number;
}

export interface FaultCounters {
  rates: FaultRates;
  total: TopicFaultCounters;
  byTopic: Record<string, TopicFaultCounters>;
}

// A stale device goes quiet for this long (wall clock), like a unit that lost its modem.
const STALE_MS: readonly [number, number] = [30_000, 180_000];
// A message held back for reordering is released anyway after this long, so a device
// that stops reporting does not keep it forever.
const HOLD_MAX_MS = 5_000;

const emptyCounters = (): TopicFaultCounters => ({ offered: 0, emitted: 0, stale: 0, staleDropped: 0, gpsJump: 0, duplicate: 0, outOfOrder: 0, malformed: 0 });

/**
 * Damages outgoing records the way real device fleets and networks do, at the configured
 * rates, and counts every fault it injected so tests (and /faults) can compare with what
 * consumers saw. Pure apart from the clock it is given; seeded, so a run can be replayed.
 */
export class FaultInjector {
  private readonly random: SeededRandom;
  private readonly staleUntil = new Map<string, number>();
  private readonly held = new Map<string, { topic: string; message: Message; sinceMs: number }>();
  private readonly jumpers = new Map<string, PositionJumper>();
  private readonly counters = new Map<string, TopicFaultCounters>();

  constructor(
    readonly rates: FaultRates,
    seed: number,
    private readonly now: () => number = Date.now,
  ) {
    this.random = new SeededRandom(seed);
  }

  get enabled(): boolean {
    return FAULT_KINDS.some((k) => this.rates[k] > 0);
  }

  /** Lets gps-jump work on a topic whose messages carry lon/lat. */
  registerPositionJumper(topic: string, jumper: PositionJumper): void {
    this.jumpers.set(topic, jumper);
  }

  /** The records to send instead of `messages` (all for one topic). */
  apply(topic: string, messages: readonly Message[]): Message[] {
    const counters = this.countersOf(topic);
    counters.offered += messages.length;
    if (!this.enabled) {
      counters.emitted += messages.length;
      return [...messages];
    }
    const nowMs = this.now();
    const out: Message[] = [];
    for (const original of messages) {
      const key = original.key?.toString() ?? '';
      const deviceKey = `${topic}\u0000${key}`;
      if (this.isStale(deviceKey, nowMs, counters)) continue;
      let message = original;
      if (this.hit('gps-jump')) {
        const jumped = this.jumpers.get(topic)?.(asBuffer(message.value), this.random);
        if (jumped) {
          message = { ...message, value: jumped };
          counters.gpsJump++;
        }
      }
      if (this.hit('malformed')) {
        message = { ...message, value: garbage(this.random) };
        counters.malformed++;
      }
      const held = this.held.get(deviceKey);
      if (held) {
        // Out of order: the held message goes after this newer one.
        this.held.delete(deviceKey);
        out.push(message, held.message);
        counters.outOfOrder++;
      } else if (this.hit('out-of-order')) {
        this.held.set(deviceKey, { topic, message, sinceMs: nowMs });
        continue;
      } else {
        out.push(message);
      }
      if (this.hit('duplicate')) {
        out.push(message);
        counters.duplicate++;
      }
    }
    out.push(...this.releaseExpired(topic, nowMs));
    counters.emitted += out.length;
    return out;
  }

  /** Held messages of `topic`, in order, for a last send at shutdown (counted as emitted, not reordered). */
  drain(topic: string): Message[] {
    const out: Message[] = [];
    for (const [key, held] of this.held) {
      if (held.topic !== topic) continue;
      this.held.delete(key);
      out.push(held.message);
    }
    this.countersOf(topic).emitted += out.length;
    return out;
  }

  snapshot(): FaultCounters {
    const total = emptyCounters();
    const byTopic: Record<string, TopicFaultCounters> = {};
    for (const [topic, c] of this.counters) {
      byTopic[topic] = { ...c };
      for (const k of Object.keys(total) as (keyof TopicFaultCounters)[]) total[k] += c[k];
    }
    return { rates: { ...this.rates }, total, byTopic };
  }

  private isStale(deviceKey: string, nowMs: number, counters: TopicFaultCounters): boolean {
    const until = this.staleUntil.get(deviceKey);
    if (until !== undefined) {
      if (nowMs < until) {
        counters.staleDropped++;
        return true;
      }
      this.staleUntil.delete(deviceKey);
    }
    if (this.hit('stale')) {
      this.staleUntil.set(deviceKey, nowMs + this.random.between(...STALE_MS));
      counters.stale++;
      counters.staleDropped++;
      return true;
    }
    return false;
  }

  private releaseExpired(topic: string, nowMs: number): Message[] {
    const out: Message[] = [];
    for (const [key, held] of this.held) {
      if (held.topic === topic && nowMs - held.sinceMs >= HOLD_MAX_MS) {
        this.held.delete(key);
        out.push(held.message);
      }
    }
    return out;
  }

  private hit(kind: FaultKind): boolean {
    const rate = this.rates[kind];
    return rate > 0 && this.random.next() < rate;
  }

  private countersOf(topic: string): TopicFaultCounters {
    let c = this.counters.get(topic);
    if (!c) {
      c = emptyCounters();
      this.counters.set(topic, c);
    }
    return c;
  }
}

function asBuffer(value: Message['value']): Buffer {
  if (value === null || value === undefined) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value) : value;
}

// Wire type 7 does not exist in protobuf, so no decoder can take these bytes for a message.
function garbage(random: SeededRandom): Buffer {
  const tail = Array.from({ length: 8 }, () => Math.floor(random.next() * 256));
  return Buffer.from([0x0f, 0xff, 0xff, ...tail]);
}
