import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type HealthCheck, type Logger } from '@urban-brain/common';
import type { IngestConfig } from './config/ingest.config';
import { CoreModule } from './core/core.module';
import { DatabaseHealth } from './core/database.health';
import { TruckReadingsConsumerHealth } from './truck-readings/truck-readings.health';
import { TruckReadingsModule } from './truck-readings/truck-readings.module';

@Module({})
export class AppModule {
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), TruckReadingsModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (...checks: HealthCheck[]) => checks,
          inject: [TruckReadingsConsumerHealth, DatabaseHealth],
        },
      ],
    };
  }
}
