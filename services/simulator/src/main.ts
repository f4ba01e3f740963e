import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, loadConfigOrExit } from '@urban-brain/common';
import { AppModule } from './app.module';
import { simulatorConfigSchema } from './config/simulator.config';

// If a graceful shutdown hangs (a send stuck on a dead broker), leave anyway.
const SHUTDOWN_DEADLINE_MS = 20_000;

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('simulator', simulatorConfigSchema);
  const logger = createLogger('simulator', config.LOG_LEVEL);
  try {
    const app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true });
    // process.exit rather than re-raising the signal: pino's buffered lines are flushed on 'exit'.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        logger.info({ context: 'Bootstrap', signal }, 'shutting down');
        setTimeout(() => {
          logger.error({ context: 'Bootstrap', deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
      });
    }
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    logger.info({ context: 'Bootstrap', host: config.HTTP_HOST, port: config.HTTP_PORT }, 'listening');
  } catch (error) {
    logger.fatal({ context: 'Bootstrap', error: (error as Error).message, stack: (error as Error).stack }, 'failed to start');
    process.exit(1);
  }
}

void bootstrap();
