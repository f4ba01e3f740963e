import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck } from '@urban-brain/common';
import type { IngestConfig } from '../config/ingest.config';
import { INGEST_CONFIG } from '../core/core.tokens';
import { FleetIngestConsumer } from './fleet-ingest.consumer';

// An idle consumer still fetches (long-poll) and heartbeats every few seconds; this
// much silence means it lost the broker or the group.
const MIN_SILENCE_MS = 30_000;

/** Reports the fleet consumer as up while it is in its group, hearing from the broker and not paused for the database. */
@Injectable()
export class FleetIngestConsumerHealth implements HealthCheck {
  readonly name = 'kafka';

  constructor(
    @Inject(FleetIngestConsumer) private readonly consumer: Pick<FleetIngestConsumer, 'getStatus'>,
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'INGEST_SESSION_TIMEOUT_MS'>,
  ) {}

  async check(now = Date.now()): Promise<void> {
    const { state, lastContactAtMs, error, backpressure } = this.consumer.getStatus();
    if (state !== 'consuming') throw new Error(error ? `consumer ${state}: ${error}` : `consumer ${state}`);
    // Paused for the database: alive, but not keeping up, which whoever watches should see.
    if (backpressure.paused) {
      const forS = Math.round((now - (backpressure.pausedSinceMs ?? now)) / 1000);
      throw new Error(`consumer paused for ${forS} s: ${backpressure.reason ?? 'database falling behind'}`);
    }
    const silenceMs = lastContactAtMs === null ? Infinity : now - lastContactAtMs;
    const limitMs = Math.max(MIN_SILENCE_MS, this.config.INGEST_SESSION_TIMEOUT_MS);
    if (silenceMs > limitMs) throw new Error(`no fetch or heartbeat for ${Math.round(silenceMs / 1000)} s`);
  }
}
