import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '@urban-brain/common';
import { apiConfigSchema } from './config/api.config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('api', apiConfigSchema);
  const logger = createLogger('api', config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ context: 'Main', err: reason }, 'unhandled rejection'));
  const app = await createApp(config, logger);
  // SIGTERM/SIGINT close the app through enableShutdownHooks, which ends the database pool.
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ context: 'Main', host: config.HTTP_HOST, port: config.HTTP_PORT }, 'listening');
}

bootstrap().catch((error: unknown) => {
  // Plain stderr: the failure may have happened before the logger existed.
  process.stderr.write(`api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
