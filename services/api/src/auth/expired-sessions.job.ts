import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SessionsRepository } from './sessions.repository';

const EVERY_MS = 60 * 60_000;

/** Deletes sessions that ended more than a day ago, hourly, so the table holds the live ones. */
@Injectable()
export class ExpiredSessionsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredSessionsJob.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sessions: SessionsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const deleted = await this.sessions.deleteExpired();
      if (deleted > 0) this.logger.log(`deleted ${deleted} ended sessions`);
    } catch (error) {
      // The next hour tries again; a database outage must not stop the api.
      this.logger.warn(`could not delete ended sessions: ${(error as Error).message}`);
    }
  }
}
