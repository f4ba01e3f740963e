// Creates the topics declared in infra/kafka/topics.json (used by compose; the
// local stack's kafka.sh does the same with Kafka's own admin client), the fleet topics' retention
// from FLEET_TOPIC_RETENTION_HOURS when set (at creation; kafka.sh also applies it to existing ones).
import path from 'node:path';
import { z } from 'zod';
import { kafkaEnv, logEnv } from '../config/env-schemas';
import { loadConfigOrExit } from '../config/parse-config.util';
import { createLogger } from '../logging/logger';
import { createKafka } from './kafka-client';
import { readTopicDeclarations } from './topic-declarations';

async function main(): Promise<void> {
  const config = loadConfigOrExit(
    'create-topics',
    z.object({ ...kafkaEnv, ...logEnv, KAFKA_TOPICS_FILE: z.string().default(path.resolve(__dirname, '../../../../infra/kafka/topics.json')) }),
  );
  const logger = createLogger('create-topics', config.LOG_LEVEL);
  const topics = readTopicDeclarations(config.KAFKA_TOPICS_FILE, process.env);
  const admin = createKafka({ clientId: 'urban-brain-create-topics', brokers: config.KAFKA_BROKERS, logger }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: 1,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });
    logger.info({ context: 'CreateTopics', created: missing.map((t) => t.name) }, 'topics ready');
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-topics: ${(error as Error).message}\n`);
  process.exit(1);
});
