import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { AppModule } from './app.module';
import { ingestConfigSchema, topicsOf } from './config/ingest.config';

const config = loadConfigOrExit('ingest', ingestConfigSchema);
const logger = createLogger('ingest', config.LOG_LEVEL);
void runNestService({
  logger,
  createApp: () => NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true }),
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  // Finishing the batch in flight takes seconds; if it hangs, the uncommitted batch is redelivered anyway.
  shutdownDeadlineMs: 30_000,
  details: { topics: Object.fromEntries(topicsOf(config)), groupId: config.INGEST_GROUP_ID },
});
