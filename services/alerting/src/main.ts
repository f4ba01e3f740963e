import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadCityPack } from '@urban-brain/city-pack';
import { JsonNestLogger, createLogger, loadConfigOrExit, runNestService } from '@urban-brain/common';
import { AppModule } from './app.module';
import { alertingConfigSchema } from './config/alerting.config';
import { parseRuleSet } from './rules/rule-set';

const config = loadConfigOrExit('alerting', alertingConfigSchema);
const logger = createLogger('alerting', config.LOG_LEVEL);
try {
  // Before Nest: a broken pack or a bad rule stops the service here, every problem named (rule and field).
  parseRuleSet(readFileSync(config.ALERTING_RULES_FILE, 'utf8'), config.ALERTING_RULES_FILE, loadCityPack(config.CITY_PACK_DIR), 0);
} catch (error) {
  process.stderr.write(`alerting: ${(error as Error).message}\n`);
  process.exit(1);
}
void runNestService({
  logger,
  createApp: () => NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger), bufferLogs: true }),
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  shutdownDeadlineMs: 30_000,
  details: { groupId: config.ALERTING_GROUP_ID, rules: config.ALERTING_RULES_FILE },
});
