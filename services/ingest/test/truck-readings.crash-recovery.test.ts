import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestProcess, buildIngest, freePort } from './support/ingest-process';
import { integrationEnv, uniqueRunId, waitFor } from './support/integration-env';
import { KafkaFixtures, readingMessage, truckReading } from './support/kafka-fixtures';

const env = integrationEnv();

const TRUCKS = 200;
const READINGS_PER_TRUCK = 100;
const TOTAL = TRUCKS * READINGS_PER_TRUCK;

describe('ingest killed mid-stream loses nothing and stores nothing twice', () => {
  const run = uniqueRunId();
  const topic = `it.ingest.crash.${run}`;
  const truckPrefix = `IT-${run}-CRASH-`;
  const groupId = `it-ingest-crash-${run}`;
  const kafka = new KafkaFixtures(env.KAFKA_BROKERS);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const processes: IngestProcess[] = [];
  let childEnv: Record<string, string>;

  const storedRows = async () => {
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM truck_readings WHERE truck_id LIKE $1', [`${truckPrefix}%`]);
    return Number(rows[0]!.n);
  };

  const startIngest = (extra: Record<string, string> = {}) => {
    const child = IngestProcess.start({ ...childEnv, ...extra });
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    buildIngest();
    await kafka.connect();
    await kafka.createTopic(topic, 6);
    await kafka.createTopic(`${topic}.dl`, 1);
    childEnv = {
      ...env,
      HTTP_PORT: String(await freePort()),
      INGEST_STREAMS: 'truck-readings',
      INGEST_TRUCK_TOPIC: topic,
      INGEST_GROUP_ID: groupId,
      DEAD_LETTER_TOPIC: `${topic}.dl`,
      // Small fetches make many small batches, so a kill lands inside the stream, not after it.
      INGEST_MAX_BYTES_PER_PARTITION: '16384',
      // The broker's minimum: the killed member is dropped from the group quickly.
      INGEST_SESSION_TIMEOUT_MS: '6000',
    };
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await kafka.close();
    await pool.query('DELETE FROM truck_readings WHERE truck_id LIKE $1', [`${truckPrefix}%`]).catch(() => undefined);
    await pool.end();
  });

  it('stores every (truck, seq) exactly once across two SIGKILLs', async ({ annotate }) => {
    // The stream: seq 1 of every truck, then seq 2, ... produced over several seconds while ingest runs.
    const producing = (async () => {
      for (let seq = 1; seq <= READINGS_PER_TRUCK; seq++) {
        const messages = Array.from({ length: TRUCKS }, (_, t) => readingMessage(truckReading(`${truckPrefix}${String(t).padStart(3, '0')}`, seq)));
        await kafka.produce(topic, messages);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
    })();

    // First: a crash at the worst moment, certainly: the process kills itself after a batch's database
    // commit and before its offset commit (INGEST_CRASH_AFTER_STORED_BATCHES), so that batch must come again.
    const first = startIngest({ INGEST_CRASH_AFTER_STORED_BATCHES: '60' });
    const firstKill = await first.exit;
    expect(firstKill.signal, first.tail()).toBe('SIGKILL');
    const crash = first.logsWith('crash point: killing the process between the database commit and the offset commit')[0] as
      | { partition: number; firstOffset: string; lastOffset: string }
      | undefined;
    expect(crash, first.tail()).toBeDefined();
    const afterFirstKill = await storedRows();
    expect(afterFirstKill).toBeLessThan(TOTAL);
    const stride = TOTAL / 4;

    // Second: its batch logs (debug) show the crashed batch redelivered and every row of it skipped as stored.
    const second = startIngest({ LOG_LEVEL: 'debug' });
    await waitFor('another quarter after the restart', async () => ((await storedRows()) >= afterFirstKill + stride ? true : undefined), 90_000, 10);
    const crashSize = Number(BigInt(crash!.lastOffset) - BigInt(crash!.firstOffset)) + 1;
    const redelivered = second
      .logsWith('batch ingested')
      .filter((b) => b.partition === crash!.partition && BigInt(b.firstOffset as string) <= BigInt(crash!.lastOffset) && BigInt(b.lastOffset as string) >= BigInt(crash!.firstOffset));
    expect(redelivered.length, second.tail()).toBeGreaterThan(0);
    expect(redelivered.reduce((sum, b) => sum + (b.duplicatesSkipped as number), 0)).toBeGreaterThanOrEqual(crashSize);
    // Then a plain SIGKILL wherever it lands.
    const secondKill = await second.stop('SIGKILL');
    const afterSecondKill = await storedRows();
    expect(secondKill.signal).toBe('SIGKILL');
    expect(afterSecondKill).toBeLessThan(TOTAL);

    const third = startIngest();
    await producing;
    // Caught up = the group has committed every partition to its end; only then count.
    const ends = await kafka.highWatermarks(topic);
    await waitFor(
      'offsets committed to the end of every partition',
      async () => {
        const committed = await kafka.committedOffsets(groupId, topic);
        return [...ends].every(([partition, end]) => committed.get(partition) === end) ? true : undefined;
      },
      120_000,
      200,
    );
    const stopped = await third.stop('SIGTERM');
    expect(stopped.code, third.tail()).toBe(0);

    const { rows: [summary] } = await pool.query<{ rows: string; distinct_readings: string; trucks: string }>(
      `SELECT count(*) AS rows, count(DISTINCT (truck_id, seq)) AS distinct_readings, count(DISTINCT truck_id) AS trucks
         FROM truck_readings WHERE truck_id LIKE $1`,
      [`${truckPrefix}%`],
    );
    expect(summary).toEqual({ rows: String(TOTAL), distinct_readings: String(TOTAL), trucks: String(TRUCKS) });

    // No gaps: every truck has exactly seq 1..100.
    const { rows: badTrucks } = await pool.query(
      `SELECT truck_id, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM truck_readings WHERE truck_id LIKE $1
        GROUP BY truck_id HAVING count(*) <> $2 OR min(seq) <> 1 OR max(seq) <> $2`,
      [`${truckPrefix}%`, READINGS_PER_TRUCK],
    );
    expect(badTrucks).toEqual([]);

    const finalTotals = third.logsWith('consumer stopped')[0]?.totals as { duplicatesSkipped: number; accepted: number } | undefined;
    expect(finalTotals, third.tail()).toBeDefined();
    await annotate(
      `killed at ${afterFirstKill} and ${afterSecondKill} of ${TOTAL} rows; the last run stored ${finalTotals!.accepted} and skipped ${finalTotals!.duplicatesSkipped} redelivered`,
    );
  }, 300_000);
});
