import 'reflect-metadata';
import { createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { apiConfigSchema } from './config/api.config';
import { createApp } from './create-app';

const config = loadConfigOrExit('api', apiConfigSchema);
const logger = createLogger('api', config.LOG_LEVEL);
process.on('unhandledRejection', (reason) => logger.error({ context: 'Main', err: reason }, 'unhandled rejection'));
// Shutdown closes the app, whose hooks end the database pool.
void runNestService({ logger, createApp: () => createApp(config, logger), host: config.HTTP_HOST, port: config.HTTP_PORT, shutdownDeadlineMs: 15_000 });
