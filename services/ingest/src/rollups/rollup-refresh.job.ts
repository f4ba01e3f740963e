import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import type { IngestConfig } from '../config/ingest.config';
import { INGEST_CONFIG, LOGGER } from '../core/core.tokens';
import { RollupsRepository } from './rollups.repository';

const RETENTION_EVERY_MS = 3_600_000;

/**
 * Plain mode: keeps the roll-ups current and applies retention, every INGEST_ROLLUP_REFRESH_S seconds,
 * retention hourly. TimescaleDB mode: nothing to do, the extension's own jobs refresh the continuous
 * aggregates and apply the compression and retention policies; the job stops at its first round.
 */
@Injectable()
export class RollupRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastRetentionAt = 0;
  private mode: 'plain' | 'timescaledb' | undefined;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly rollups: RollupsRepository,
  ) {}

  onApplicationBootstrap(): void {
    const periodS = this.config.INGEST_ROLLUP_REFRESH_S;
    if (periodS === 0) {
      this.logger.info({ context: RollupRefreshJob.name }, 'roll-up refresh disabled (INGEST_ROLLUP_REFRESH_S=0)');
      return;
    }
    this.timer = setInterval(() => void this.tick(), periodS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round; a round still running when the next is due makes the next one skip, never overlap. */
  tick(now = new Date()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(now: Date): Promise<void> {
    const started = Date.now();
    try {
      this.mode ??= await this.rollups.databaseMode();
      if (this.mode === 'timescaledb') {
        clearInterval(this.timer);
        this.timer = undefined;
        this.logger.info({ context: RollupRefreshJob.name }, "TimescaleDB mode: the extension's jobs refresh the roll-ups and apply retention");
        return;
      }
      // Incremental: the database keeps what it has done, so a round costs what arrived since the last
      // one, not a fixed window (005's job recomputed the last 2 hours every minute).
      const round = await this.rollups.refreshChanged();
      this.logger.debug({ context: RollupRefreshJob.name, ms: Date.now() - started, ...round }, 'roll-ups refreshed');
      if (now.getTime() - this.lastRetentionAt >= RETENTION_EVERY_MS) {
        const deleted = await this.rollups.applyRetention(now);
        this.lastRetentionAt = now.getTime();
        this.logger.info({ context: RollupRefreshJob.name, deleted }, 'retention applied');
      }
    } catch (error) {
      // The round's transaction rolled back with its watermark, so the next round redoes its work.
      this.logger.error({ context: RollupRefreshJob.name, err: error }, 'roll-up refresh failed');
    }
  }
}
