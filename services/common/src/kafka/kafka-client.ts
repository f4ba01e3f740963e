import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

// kafkajs 2 warns once per process that its default partitioner changed in v2; we
// only ever used v2's (Java-compatible murmur2), so the warning is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose logs go to the process's JSON logger. */
export function createKafka(options: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  const child = options.logger.child({ context: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    // Retry for a long time: a wall screen outlives a broker restart.
    retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 10_000 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        child[levels[level] ?? 'info']({ ...extra, namespace: undefined }, message);
      },
  });
}
