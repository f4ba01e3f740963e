import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createLogger, parseConfig } from '@urban-brain/common';
import { AppModule } from '../../src/app.module';
import { ingestConfigSchema } from '../../src/config/ingest.config';
import { FleetIngestService, type IngestTotals } from '../../src/fleet-ingest/fleet-ingest.service';
import type { StreamName } from '../../src/config/ingest.config';

/** The ingest service in this process, built from its real module. */
export class InProcessIngest {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<InProcessIngest> {
    const config = parseConfig(ingestConfigSchema, { LOG_LEVEL: 'error', HTTP_PORT: '1', ...env });
    const logger = createLogger('ingest-test', config.LOG_LEVEL);
    const app = await NestFactory.create(AppModule.register(config, logger), { logger: new JsonNestLogger(logger) });
    await app.listen(0, '127.0.0.1'); // any free port; HTTP_PORT above only satisfies the schema
    const address = app.getHttpServer().address() as { port: number };
    return new InProcessIngest(app, `http://127.0.0.1:${address.port}`);
  }

  /** Totals over every stream the service consumes. */
  totals(): IngestTotals {
    return this.app.get(FleetIngestService).totals();
  }

  totalsByStream(): Partial<Record<StreamName, IngestTotals>> {
    return this.app.get(FleetIngestService).totalsByStream();
  }

  async health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}/health`);
    return { status: response.status, body: await response.json() };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
