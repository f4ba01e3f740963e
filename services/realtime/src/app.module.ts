import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, createLogger, type Logger } from '@urban-brain/common';
import { REALTIME_CONFIG, type RealtimeConfig } from './config/realtime.config';
import { ROOT_LOGGER } from './config/root-logger.token';
import { FleetFeedModule } from './fleet-feed/fleet-feed.module';
import { FleetMessagesConsumer } from './fleet-feed/fleet-messages.consumer';
import { LiveSocketModule } from './live-socket/live-socket.module';

@Module({})
export class AppModule {
  static register(config: RealtimeConfig, logger: Logger = createLogger('realtime', config.logLevel)): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [FleetFeedModule, LiveSocketModule],
      controllers: [HealthController],
      providers: [
        { provide: REALTIME_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: HEALTH_CHECKS,
          inject: [FleetMessagesConsumer],
          useFactory: (consumer: FleetMessagesConsumer) => [consumer.healthCheck],
        },
      ],
      exports: [REALTIME_CONFIG, ROOT_LOGGER],
    };
  }
}
