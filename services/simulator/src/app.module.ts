import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from './config/simulator.config';
import { CoreModule } from './core/core.module';
import { TruckFleetHealth } from './truck-fleet/truck-fleet.health';
import { TruckFleetModule } from './truck-fleet/truck-fleet.module';

@Module({})
export class AppModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), TruckFleetModule],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_CHECKS, useFactory: (fleet: TruckFleetHealth) => fleet.checks(), inject: [TruckFleetHealth] }],
    };
  }
}
