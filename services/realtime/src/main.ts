import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, loadConfigOrExit } from '@urban-brain/common';
import { AppModule } from './app.module';
import { realtimeConfigSchema } from './config/realtime.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit('realtime', realtimeConfigSchema);
  const logger = createLogger('realtime', config.logLevel);
  const app = await NestFactory.create(AppModule.register(config, logger), {
    logger: new JsonNestLogger(logger),
    bufferLogs: true,
  });
  // SIGTERM/SIGINT run the shutdown hooks: sockets closed, Kafka consumer left cleanly.
  // useProcessExit: exit after the hooks ran, so pino's async stdout is flushed first.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.http.port, config.http.host);
  logger.info(
    { port: config.http.port, host: config.http.host, topic: config.kafka.topic, groupId: config.kafka.groupId, tickMs: config.live.tickMs },
    'listening',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`realtime: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
