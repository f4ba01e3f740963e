import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { AppModule } from './app.module';
import { alertingConfigSchema } from './config/alerting.config';

const config = loadConfigOrExit('alerting', alertingConfigSchema);
const logger = createLogger('alerting', config.LOG_LEVEL);
// A broken city pack or a bad rule in ALERTING_RULES_FILE stops the start (CoreModule loads the pack,
// RuleSourceService parses the rules, once each): runNestService logs every problem, named by rule and
// field, and exits 1.
void runNestService({
  logger,
  createApp: () => NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true }),
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  shutdownDeadlineMs: 30_000,
  details: { groupId: config.ALERTING_GROUP_ID, rules: config.ALERTING_RULES_FILE },
});
