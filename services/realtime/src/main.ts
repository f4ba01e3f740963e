import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { AppModule } from './app.module';
import { realtimeConfigSchema } from './config/realtime.config';

const config = loadConfigOrExit('realtime', realtimeConfigSchema);
const logger = createLogger('realtime', config.logLevel);
void runNestService({
  logger,
  createApp: () => NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true }),
  host: config.http.host,
  port: config.http.port,
  // Closing sockets and leaving the consumer group takes a few seconds.
  shutdownDeadlineMs: 20_000,
  details: { topics: config.kafka.topics, groupId: config.kafka.groupId, tickMs: config.live.tickMs, view: config.live.view },
});
