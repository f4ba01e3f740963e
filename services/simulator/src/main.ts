import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FLEET_STREAMS, JsonNestLogger, createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { AppModule } from './app.module';
import { simulatorConfigSchema, topicOf } from './config/simulator.config';

const config = loadConfigOrExit('simulator', simulatorConfigSchema);
const logger = createLogger('simulator', config.LOG_LEVEL);
void runNestService({
  logger,
  createApp: () => NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true }),
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  // A send stuck on a dead broker must not keep the process forever.
  shutdownDeadlineMs: 20_000,
  details: { trucks: config.SIM_TRUCKS, rateHz: config.SIM_RATE_HZ, topics: Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, topicOf(config, stream)])) },
});
