import { readFileSync } from 'node:fs';
import { z } from 'zod';

const topicsFile = z.array(
  z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    partitions: z.number().int().min(1),
    config: z.record(z.string()).default({}),
    // The environment variable that, when set, gives the topic's retention in hours (the fleet topics:
    // FLEET_TOPIC_RETENTION_HOURS, which backtests depend on; 7 days when unset).
    retentionHoursSetting: z.string().min(1).optional(),
  }),
);

export type TopicDeclaration = z.infer<typeof topicsFile>[number];

/**
 * infra/kafka/topics.json with the operator's settings applied: a topic marked `retentionHoursSetting`
 * keeps records for that variable's hours when it is set. The local stack's kafka.sh does the same in
 * its Java helper. Throws naming the variable when it is not a whole number of hours.
 */
export function readTopicDeclarations(file: string, env: Readonly<Record<string, string | undefined>>): TopicDeclaration[] {
  const topics = topicsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  return topics.map((topic) => {
    const hours = topic.retentionHoursSetting ? env[topic.retentionHoursSetting] : undefined;
    if (hours === undefined || hours.trim() === '') return topic;
    if (!/^[1-9]\d{0,5}$/.test(hours.trim())) throw new Error(`${topic.retentionHoursSetting} must be a whole number of hours (got '${hours}')`);
    return { ...topic, config: { ...topic.config, 'retention.ms': String(Number(hours) * 3_600_000) } };
  });
}
