import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from './config/simulator.config';
import { BackfillModule } from './backfill/backfill.module';
import { CoreModule } from './core/core.module';
import type { SimulatedFleetService } from './core/simulated-fleet.service';
import { DispatchModule } from './dispatch/dispatch.module';
import { DispatchTaskConsumer } from './dispatch/dispatch-task.consumer';
import { FaultsModule } from './faults/faults.module';
import { FLEET_MODULES, FLEET_SERVICES } from './fleet-services';

@Module({})
export class AppModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), FaultsModule, ...FLEET_MODULES, DispatchModule, BackfillModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (dispatch: DispatchTaskConsumer, ...fleets: SimulatedFleetService<unknown>[]) => [...fleets.flatMap((fleet) => fleet.healthChecks()), ...dispatch.healthChecks()],
          inject: [DispatchTaskConsumer, ...FLEET_SERVICES],
        },
      ],
    };
  }
}
