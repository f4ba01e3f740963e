import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';

export interface RunNestServiceOptions {
  logger: Logger;
  /** Builds the app (not yet listening). */
  createApp: () => Promise<INestApplication>;
  host: string;
  port: number;
  /** If graceful shutdown hangs (a broker gone mid-commit), exit anyway after this long. */
  shutdownDeadlineMs?: number;
  /** Extra fields for the "listening" log line. */
  details?: Record<string, unknown>;
}

/**
 * Starts a service the same way everywhere: shutdown hooks on SIGTERM/SIGINT with a
 * deadline, listen, one "listening" line; a failure to start is logged and exits 1.
 */
export async function runNestService(options: RunNestServiceOptions): Promise<INestApplication | undefined> {
  const { logger, shutdownDeadlineMs = 30_000 } = options;
  const log = logger.child({ context: 'Bootstrap' });
  try {
    const app = await options.createApp();
    // useProcessExit: exit after the hooks ran instead of re-raising the signal, so
    // pino's asynchronous stdout is flushed on 'exit' and the last lines are kept.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        log.info({ signal }, 'shutting down');
        setTimeout(() => {
          log.error({ deadlineMs: shutdownDeadlineMs }, 'shutdown took too long; exiting');
          process.exit(1);
        }, shutdownDeadlineMs).unref();
      });
    }
    await app.listen(options.port, options.host);
    log.info({ host: options.host, port: options.port, ...options.details }, 'listening');
    return app;
  } catch (error) {
    log.fatal({ error: (error as Error).message, stack: (error as Error).stack }, 'failed to start');
    // Give pino a moment to write the line before the process goes.
    setTimeout(() => process.exit(1), 100);
    return undefined;
  }
}
