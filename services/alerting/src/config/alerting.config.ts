import path from 'node:path';
import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { databaseEnv, FLEET_STREAMS, httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import { TOPIC_ALERTS, TOPIC_DISPATCH } from '@urban-brain/proto';
import { z } from 'zod';

/** The config variable holding each stream's topic: ALERTING_<topicSetting>_TOPIC. */
export const TOPIC_VARIABLE_OF: Readonly<Record<string, string>> = Object.fromEntries(FLEET_STREAMS.map((stream) => [stream.name, `ALERTING_${stream.topicSetting}_TOPIC`]));
const topicSettings = Object.fromEntries(FLEET_STREAMS.map((stream) => [TOPIC_VARIABLE_OF[stream.name], z.string().min(1).default(stream.topic)])) as Record<string, z.ZodDefault<z.ZodString>>;

export const DEFAULT_RULES_FILE = path.resolve(__dirname, '../../rules/default.rules.yaml');

// Keys are environment variable names, so a refusal names the variable to fix.
export const alertingConfigSchema = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...httpEnv(3004),
  ...logEnv,
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  ...topicSettings,
  ALERTING_GROUP_ID: z.string().min(1).default('ub-alerting'),
  ALERTS_TOPIC: z.string().min(1).default(TOPIC_ALERTS),
  DISPATCH_TOPIC: z.string().min(1).default(TOPIC_DISPATCH),
  CITY_PACK_DIR: z.string().min(1, 'must be a folder path').default(DEFAULT_CITY_PACK_DIR),
  // The rule set until an admin stores one (alert_rule_sets); validated at boot, a bad rule stops the service naming it.
  ALERTING_RULES_FILE: z.string().min(1, 'must be a file path').default(DEFAULT_RULES_FILE),
  // After a restart the rules' state (dwell timers, hysteresis, counts, windows) is rebuilt by reading
  // this much of each stream again before the committed offsets, silently: longer than the longest
  // time any rule looks back. Streams that report only changes (bikes) are read from their start.
  ALERTING_WARM_UP_S: z.coerce.number().int().min(0).max(86_400).default(1_800),
  // How often the newest stored rule set is looked for (applied without a restart).
  ALERTING_RULES_POLL_S: z.coerce.number().int().min(1).max(3_600).default(5),
  // Backtests (POST /backtests): the longest window, as long as the fleet topics' retention
  // (FLEET_TOPIC_RETENTION_HOURS, 7 days by default); how many run at once (2 cores: one, at most two);
  // over the database path, how far back streams that report only changes (bikes) are read to warm up.
  ALERTING_BACKTEST_MAX_WINDOW_H: z.coerce.number().int().min(1).max(24 * 90).default(168),
  ALERTING_BACKTEST_MAX_RUNNING: z.coerce.number().int().min(1).max(2).default(1),
  ALERTING_BACKTEST_STATE_WARM_UP_H: z.coerce.number().int().min(0).max(24 * 30).default(24),
  // SLA per severity (info, warning, critical): seconds to acknowledge and to resolve; a breach escalates once.
  ALERTING_SLA_ACK_S: z
    .string()
    .default('1800,600,120')
    .transform((text) => text.split(',').map(Number))
    .refine((values) => values.length === 3 && values.every((v) => Number.isInteger(v) && v > 0), 'must be three whole seconds: info,warning,critical'),
  ALERTING_SLA_RESOLVE_S: z
    .string()
    .default('14400,3600,1800')
    .transform((text) => text.split(',').map(Number))
    .refine((values) => values.length === 3 && values.every((v) => Number.isInteger(v) && v > 0), 'must be three whole seconds: info,warning,critical'),
});

export type AlertingConfig = z.infer<typeof alertingConfigSchema>;

export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');

export function topicOf(config: AlertingConfig, streamName: string): string {
  return (config as unknown as Record<string, string>)[TOPIC_VARIABLE_OF[streamName]!]!;
}
