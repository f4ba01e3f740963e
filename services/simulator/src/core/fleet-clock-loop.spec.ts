import { createLogger } from '@urban-brain/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetClockLoop } from './fleet-clock-loop';

interface Stamped {
  atMs: number;
}

const logger = createLogger('fleet-clock-loop-spec', 'silent');

describe('FleetClockLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function loopWith(timeScale: number, produce: (simMs: number) => Stamped[], maxBatch?: number) {
    const sent: Stamped[][] = [];
    const ticks: number[] = [];
    const loop = new FleetClockLoop<Stamped>({
      fleet: 'test',
      intervalMs: 1_000,
      timeScale,
      tick: (simMs) => {
        ticks.push(simMs);
        return produce(simMs);
      },
      stamp: (m, wallMs) => (m.atMs = wallMs),
      sink: { connect: async () => undefined, send: async (batch) => void sent.push([...batch]) },
      logger,
      maxBatch,
    });
    return { loop, sent, ticks };
  }

  it('runs the simulated clock timeScale times faster and stamps messages with the wall time', async () => {
    const { loop, sent, ticks } = loopWith(600, (simMs) => [{ atMs: simMs }]);
    loop.start();
    await vi.advanceTimersByTimeAsync(3_500);
    await loop.stop();
    expect(ticks).toEqual([1_000_000, 1_600_000, 2_200_000, 2_800_000]);
    expect(sent.flat().map((m) => m.atMs)).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000]);
  });

  it('keeps device times at scale 1 and counts a quiet tick as delivered', async () => {
    const { loop, sent } = loopWith(1, (simMs) => (simMs % 2_000 === 0 ? [{ atMs: simMs - 1 }] : []));
    loop.start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(loop.snapshot()).toMatchObject({ running: true, connected: true, ticks: 4, messagesSent: 2, lastDeliveredAtMs: 1_003_000 });
    await expect(loop.healthCheck().check()).resolves.toBeUndefined();
    await loop.stop();
    expect(sent.flat().map((m) => m.atMs)).toEqual([999_999, 1_001_999]);
    await expect(loop.healthCheck().check()).rejects.toThrow('stopped');
  });

  it('sends a big tick in batches, in order', async () => {
    const { loop, sent } = loopWith(1, (simMs) => (simMs === 1_000_000 ? [1, 2, 3, 4, 5].map((i) => ({ atMs: i })) : []), 2);
    loop.start();
    await vi.advanceTimersByTimeAsync(500);
    await loop.stop();
    expect(sent.map((batch) => batch.map((m) => m.atMs))).toEqual([[1, 2], [3, 4], [5]]);
  });
});

/** A device fleet for the loop: each tick, one message per device with its own seq and moment. */
interface Fix {
  device: number;
  seq: number;
  atMs: number;
}

/** A Kafka stand-in: records every send; each takes `sendMs` and fails while `failing` > 0. */
class FakeSink {
  readonly sends: { atMs: number; fixes: Fix[] }[] = [];
  readonly delivered: Fix[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  sendMs = 0;
  failing = 0;
  connectFailures = 0;

  async connect(): Promise<void> {
    if (this.connectFailures > 0) {
      this.connectFailures--;
      throw new Error('broker unreachable');
    }
  }

  async send(fixes: readonly Fix[]): Promise<void> {
    this.sends.push({ atMs: Date.now(), fixes: [...fixes] });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.sendMs > 0) await new Promise((resolve) => setTimeout(resolve, this.sendMs));
      if (this.failing > 0) {
        this.failing--;
        throw new Error('NOT_ENOUGH_REPLICAS');
      }
      this.delivered.push([...fixes]);
    } finally {
      this.inFlight--;
    }
  }
}

const START_MS = 1_000_000;

function deviceLoop(sink: FakeSink, options: { intervalMs: number; devices?: number; offsets?: number[]; sendsPerTick?: number }) {
  const devices = options.devices ?? 3;
  const seqs = new Array<number>(devices).fill(0);
  const offsets = options.offsets;
  return new FleetClockLoop<Fix>({
    fleet: 'test',
    intervalMs: options.intervalMs,
    timeScale: 1,
    tick: (simMs) => seqs.map((_, device) => ({ device, seq: ++seqs[device]!, atMs: simMs + (offsets?.[device] ?? 0) })),
    stamp: () => undefined,
    offsetOf: offsets ? (fix) => offsets[fix.device]! : undefined,
    sendsPerTick: options.sendsPerTick,
    sink,
    logger,
  });
}

/** Each device's seqs in the order they were delivered. */
function seqsByDevice(sink: FakeSink): Map<number, number[]> {
  const byDevice = new Map<number, number[]>();
  for (const fix of sink.delivered.flat()) byDevice.set(fix.device, [...(byDevice.get(fix.device) ?? []), fix.seq]);
  return byDevice;
}

const gapless = (seqs: number[]) => seqs.every((seq, i) => seq === i + 1);

describe('FleetClockLoop on the wall clock', () => {
  let loop: FleetClockLoop<Fix> | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: START_MS });
  });
  afterEach(async () => {
    const stopping = loop?.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
    loop = undefined;
    vi.useRealTimers();
  });

  it('sends each tick on a fixed grid of wall-clock times', async () => {
    const sink = new FakeSink();
    loop = deviceLoop(sink, { intervalMs: 500 });
    loop.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.delivered).toHaveLength(21); // slots 0..20 at 500 ms
    expect(sink.delivered.map((tick) => tick[0]!.atMs)).toEqual(Array.from({ length: 21 }, (_, k) => START_MS + k * 500));
    expect(loop.snapshot()).toMatchObject({ ticks: 21, messagesSent: 63, droppedTicks: 0, sendFailures: 0 });
  });

  it('does not drift when each send takes most of the interval', async () => {
    const sink = new FakeSink();
    sink.sendMs = 400;
    loop = deviceLoop(sink, { intervalMs: 500 });
    loop.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // Sends start on the grid, not 400 ms later each time.
    expect(sink.sends.map((s) => s.atMs - START_MS)).toEqual(Array.from({ length: 121 }, (_, k) => k * 500));
    expect(loop.snapshot().droppedTicks).toBe(0);
  });

  it('sends what fell due during a slow send as soon as it returns, not at the next step', async () => {
    const sink = new FakeSink();
    sink.sendMs = 700;
    loop = deviceLoop(sink, { intervalMs: 1_000, offsets: [0, 250, 500], sendsPerTick: 4 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1_999);
    // Device 0 goes at 0 ms; devices 1 and 2 fell due at 250 and 500 ms while it was in flight,
    // so they leave at 700 ms, when it returns (not at the 750 ms step); at 1,400 ms the next
    // tick's devices 0 and 1 (due at 1,000 and 1,250 ms) go together.
    expect(sink.sends.map((s) => [s.atMs - START_MS, s.fixes.map((f) => f.device)])).toEqual([
      [0, [0]],
      [700, [1, 2]],
      [1_400, [0, 1]],
    ]);
    expect(sink.maxInFlight).toBe(1);
  });

  it('keeps one send in flight, holds at most two ticks, and drops the ticks beyond without gaps in seq', async () => {
    const sink = new FakeSink();
    sink.sendMs = 1_200;
    loop = deviceLoop(sink, { intervalMs: 500 });
    loop.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sink.maxInFlight).toBe(1);
    const { ticks, droppedTicks } = loop.snapshot();
    expect(droppedTicks).toBeGreaterThan(0);
    expect(ticks + droppedTicks).toBe(61); // every slot 0..60 is either ticked or counted as dropped
    expect(Math.max(...sink.sends.map((s) => new Set(s.fixes.map((f) => f.atMs)).size))).toBeLessThanOrEqual(2);
    // Dropped slots never consume a seq: each device's stream has no gaps.
    for (const seqs of seqsByDevice(sink).values()) expect(gapless(seqs)).toBe(true);
  });

  it('retries the same messages while the broker refuses them, then carries on', async () => {
    const sink = new FakeSink();
    sink.failing = 4;
    loop = deviceLoop(sink, { intervalMs: 1_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(30_000);
    // Four failed attempts at the first tick's messages, then success with the same messages.
    expect(sink.sends.slice(0, 5).map((s) => s.fixes.map((f) => f.seq))).toEqual(Array.from({ length: 5 }, () => [1, 1, 1]));
    expect(sink.maxInFlight).toBe(1);
    expect(loop.snapshot()).toMatchObject({ sendFailures: 4 });
    expect(loop.snapshot().droppedTicks).toBeGreaterThan(0);
    const seqs = seqsByDevice(sink);
    for (const deviceSeqs of seqs.values()) expect(gapless(deviceSeqs)).toBe(true);
    expect(seqs.get(0)!.length).toBeGreaterThan(10);
  });

  it('starts the clock once Kafka accepts the connection', async () => {
    const sink = new FakeSink();
    sink.connectFailures = 2;
    loop = deviceLoop(sink, { intervalMs: 1_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(loop.snapshot().connected).toBe(false);
    expect(sink.sends).toHaveLength(0);
    // Retries after 500 ms and 1,000 ms: connected at 1,500 ms, first tick right then.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(loop.snapshot()).toMatchObject({ connected: true, droppedTicks: 0 });
    expect(sink.delivered[0]![0]).toMatchObject({ seq: 1, atMs: START_MS + 1_500 });
    expect(sink.delivered).toHaveLength(10);
  });

  it('skips the slots it slept through instead of bursting to catch up', async () => {
    const sink = new FakeSink();
    loop = deviceLoop(sink, { intervalMs: 100 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1_000);
    const before = sink.delivered.length;
    // The event loop is held up for 2 s (a long GC, a blocked CPU).
    vi.setSystemTime(Date.now() + 2_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.delivered.length).toBe(before + 1);
    expect(loop.snapshot().droppedTicks).toBeGreaterThanOrEqual(19);
    // The tick after the pause carries the current slot's time.
    expect(sink.delivered.at(-1)![0]!.atMs).toBeGreaterThanOrEqual(START_MS + 3_000);
  });

  it('stops ticking on stop and waits for the send in flight', async () => {
    const sink = new FakeSink();
    sink.sendMs = 300;
    loop = deviceLoop(sink, { intervalMs: 1_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(2_100);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false); // the send started at 2,000 ms is still in flight
    await vi.advanceTimersByTimeAsync(300);
    await stopping;
    expect(sink.delivered).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.sends).toHaveLength(3);
    expect(loop.snapshot().running).toBe(false);
  });

  it('sends each message once its device moment has passed, in sendsPerTick sends a tick', async () => {
    const sink = new FakeSink();
    // Device moments: at the tick, 100 ms and 600 ms after it, and just before the next tick.
    loop = deviceLoop(sink, { intervalMs: 1_000, devices: 4, offsets: [0, 100, 600, 999], sendsPerTick: 4 });
    loop.start();
    await vi.advanceTimersByTimeAsync(2_100);
    await loop.stop();
    // Steps every 250 ms; a message leaves at the first step at or after its moment.
    expect(sink.delivered.map((fixes) => fixes.map((f) => `${f.device}@${f.atMs - START_MS}`))).toEqual([
      ['0@0'], // step 0
      ['1@100'], // step 250
      ['2@600'], // step 750
      ['3@999', '0@1000'], // step 1000: the last of tick 0, the first of tick 1
      ['1@1100'],
      ['2@1600'],
      ['3@1999', '0@2000'],
    ]);
    for (const send of sink.sends) for (const fix of send.fixes) expect(fix.atMs).toBeLessThanOrEqual(send.atMs);
    for (const seqs of seqsByDevice(sink).values()) expect(gapless(seqs)).toBe(true);
    expect(loop.snapshot()).toMatchObject({ ticks: 3, droppedTicks: 0 });
  });

  it('without moments, sends a tick at once however many sends a tick are asked for', async () => {
    const sink = new FakeSink();
    loop = deviceLoop(sink, { intervalMs: 1_000, sendsPerTick: 4 });
    loop.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(sink.sends.map((s) => s.atMs - START_MS)).toEqual([0, 1_000, 2_000]);
  });
});
