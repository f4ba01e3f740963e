import { Global, Module, type DynamicModule } from '@nestjs/common';
import { createKafka, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from '../config/simulator.config';
import { KAFKA, LOGGER, SIMULATOR_CONFIG } from './core.tokens';

/** The process-wide config, logger and Kafka client, available to every feature module. */
@Global()
@Module({})
export class CoreModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: SIMULATOR_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: KAFKA, useFactory: () => createKafka({ clientId: 'urban-brain-simulator', brokers: config.KAFKA_BROKERS, logger }) },
      ],
      exports: [SIMULATOR_CONFIG, LOGGER, KAFKA],
    };
  }
}
