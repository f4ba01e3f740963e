import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { observationOf } from '../evaluation/stream-observations';
import { BacktestCancelled, type TimedObservation, type WindowSource } from './timed-observation';

/** One partition's slice of the window: [start, stop) offsets. */
export interface PartitionSlice {
  partition: number;
  start: string;
  stop: string;
}

export interface StreamSlices {
  stream: FleetStreamDescriptor;
  topic: string;
  partitions: PartitionSlice[];
  /** Every partition still holds the window's start (nothing of it deleted by retention). */
  holdsWindow: boolean;
}

// A partition running ahead of the others is paused once it holds this many records not yet in
// clock order, and resumed when it is down to RESUME_BELOW: memory stays bounded however uneven the
// partitions are.
const PAUSE_ABOVE = 20_000;
const RESUME_BELOW = 5_000;

/**
 * Offsets of the window on each partition of a stream's topic: from `startMs` (the warm-up's start;
 * null: the start of retention) to the window's end, by timestamp (ListOffsets, Kafka's
 * offsetsForTimes). The topic holds the window when, on every partition, nothing was ever deleted
 * (the earliest offset is 0) or a record older than the window's start is still there.
 */
export async function sliceTopic(admin: Admin, stream: FleetStreamDescriptor, topic: string, startMs: number | null, fromMs: number, toMs: number): Promise<StreamSlices> {
  const ends = await admin.fetchTopicOffsets(topic);
  const atStart = startMs === null ? null : await admin.fetchTopicOffsetsByTimestamp(topic, startMs);
  const atFrom = await admin.fetchTopicOffsetsByTimestamp(topic, fromMs);
  const atTo = await admin.fetchTopicOffsetsByTimestamp(topic, toMs);
  let holdsWindow = true;
  const partitions = ends.map((end): PartitionSlice => {
    const from = atFrom.find((o) => o.partition === end.partition)?.offset ?? end.high;
    if (BigInt(end.low) > 0n && BigInt(from) <= BigInt(end.low)) holdsWindow = false;
    const start = atStart === null ? end.low : (atStart.find((o) => o.partition === end.partition)?.offset ?? end.high);
    const stop = atTo.find((o) => o.partition === end.partition)?.offset ?? end.high;
    return { partition: end.partition, start: BigInt(start) < BigInt(end.low) ? end.low : start, stop };
  });
  return { stream, topic, partitions, holdsWindow };
}

interface PartitionState {
  stream: FleetStreamDescriptor;
  topic: string;
  partition: number;
  /** Offsets as numbers: exact to 2^53, far beyond any partition's; a BigInt per record cost a tenth of the read. */
  stop: number;
  buffer: TimedObservation[];
  lastClockMs: number;
  done: boolean;
  paused: boolean;
}

/**
 * Reads the slices in a throwaway consumer group (nothing committed; the group is deleted after),
 * merging the partitions into one clock order: records are released up to the oldest clock any
 * unfinished partition has reached, so a stale-device rule never sees one partition hours ahead of
 * another. Each record is decoded and checked as the live consumer does (observationOf), with the
 * record's timestamp as "now".
 */
export class KafkaWindowSource implements WindowSource {
  /** Records read from the topics (decoded or not). */
  recordsRead = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly slices: readonly StreamSlices[],
  ) {}

  async read(deliver: (batch: readonly TimedObservation[]) => void, cancelled: () => boolean): Promise<void> {
    const parts = new Map<string, PartitionState>();
    for (const slice of this.slices) {
      for (const p of slice.partitions) {
        const done = BigInt(p.start) >= BigInt(p.stop);
        parts.set(`${slice.topic}/${p.partition}`, { stream: slice.stream, topic: slice.topic, partition: p.partition, stop: Number(p.stop), buffer: [], lastClockMs: -Infinity, done, paused: false });
      }
    }
    if ([...parts.values()].every((p) => p.done)) return;
    const consumer: Consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, maxBytes: 32 * 1024 * 1024, maxWaitTimeInMs: 200 });
    let watch: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = false;
        // A cancel is seen between batches, and also while no batch comes (every partition paused or waiting).
        watch = setInterval(() => {
          if (!finished && cancelled()) {
            finished = true;
            reject(new BacktestCancelled());
          }
        }, 200);
        const release = () => {
          const open = [...parts.values()].filter((p) => !p.done);
          const watermark = open.length === 0 ? Infinity : Math.min(...open.map((p) => p.lastClockMs));
          const ready: TimedObservation[] = [];
          for (const p of parts.values()) {
            let n = 0;
            while (n < p.buffer.length && p.buffer[n]!.clockMs <= watermark) n++;
            if (n > 0) {
              for (let i = 0; i < n; i++) ready.push(p.buffer[i]!);
              p.buffer = p.buffer.slice(n);
            }
            if (p.paused && !p.done && p.buffer.length < RESUME_BELOW) {
              p.paused = false;
              consumer.resume([{ topic: p.topic, partitions: [p.partition] }]);
            }
          }
          if (ready.length > 0) {
            ready.sort((a, b) => a.clockMs - b.clockMs);
            deliver(ready);
          }
          if (open.length === 0 && !finished) {
            finished = true;
            resolve();
          }
        };
        const eachBatch = async ({ batch }: EachBatchPayload) => {
          if (finished) return;
          if (cancelled()) {
            finished = true;
            reject(new BacktestCancelled());
            return;
          }
          const p = parts.get(`${batch.topic}/${batch.partition}`);
          if (!p || p.done) return;
          for (const record of batch.messages) {
            const offset = Number(record.offset);
            if (offset >= p.stop) {
              p.done = true;
              break;
            }
            this.recordsRead++;
            const clockMs = Number(record.timestamp);
            if (clockMs > p.lastClockMs) p.lastClockMs = clockMs;
            const observation = observationOf(p.stream, record, clockMs);
            if (observation) p.buffer.push({ observation, clockMs: Math.max(clockMs, p.buffer.length > 0 ? p.buffer[p.buffer.length - 1]!.clockMs : -Infinity) });
            if (offset + 1 >= p.stop) p.done = true;
          }
          if (p.done || p.buffer.length > PAUSE_ABOVE) {
            p.paused = !p.done;
            consumer.pause([{ topic: p.topic, partitions: [p.partition] }]);
          }
          release();
        };
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!finished) {
            finished = true;
            reject(payload.error);
          }
        });
        void (async () => {
          await consumer.connect();
          await consumer.subscribe({ topics: [...new Set(this.slices.map((s) => s.topic))], fromBeginning: true });
          await consumer.run({ autoCommit: false, eachBatch });
          for (const slice of this.slices) {
            for (const p of slice.partitions) {
              const state = parts.get(`${slice.topic}/${p.partition}`)!;
              consumer.seek({ topic: slice.topic, partition: p.partition, offset: state.done ? p.stop : p.start });
              if (state.done) consumer.pause([{ topic: slice.topic, partitions: [p.partition] }]);
            }
          }
        })().catch((error: unknown) => {
          if (!finished) {
            finished = true;
            reject(error as Error);
          }
        });
      });
    } finally {
      clearInterval(watch);
      await consumer.disconnect().catch(() => undefined);
      await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
    }
  }
}
