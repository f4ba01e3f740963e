import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, createLogger, type Logger } from '@urban-brain/common';
import { REALTIME_CONFIG, type RealtimeConfig } from './config/realtime.config';
import { ROOT_LOGGER } from './config/root-logger.token';
import { LiveSocketModule } from './live-socket/live-socket.module';
import { TruckFeedModule } from './truck-feed/truck-feed.module';
import { TruckReadingsConsumer } from './truck-feed/truck-readings.consumer';

@Module({})
export class AppModule {
  static register(config: RealtimeConfig, logger: Logger = createLogger('realtime', config.logLevel)): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TruckFeedModule, LiveSocketModule],
      controllers: [HealthController],
      providers: [
        { provide: REALTIME_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: HEALTH_CHECKS,
          inject: [TruckReadingsConsumer],
          useFactory: (consumer: TruckReadingsConsumer) => [consumer.healthCheck],
        },
      ],
      exports: [REALTIME_CONFIG, ROOT_LOGGER],
    };
  }
}
