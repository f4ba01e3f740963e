import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from './config/simulator.config';
import { BikeFleetModule } from './bike-fleet/bike-fleet.module';
import { BikeFleetService } from './bike-fleet/bike-fleet.service';
import { BoatFleetModule } from './boat-fleet/boat-fleet.module';
import { BoatFleetService } from './boat-fleet/boat-fleet.service';
import { CoreModule } from './core/core.module';
import { FaultsModule } from './faults/faults.module';
import { SignalCorridorsHealth } from './signal-corridors/signal-corridors.health';
import { SignalCorridorsModule } from './signal-corridors/signal-corridors.module';
import { TruckFleetHealth } from './truck-fleet/truck-fleet.health';
import { TruckFleetModule } from './truck-fleet/truck-fleet.module';

@Module({})
export class AppModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), FaultsModule, TruckFleetModule, SignalCorridorsModule, BikeFleetModule, BoatFleetModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (trucks: TruckFleetHealth, signals: SignalCorridorsHealth, bikes: BikeFleetService, boats: BoatFleetService) => [
            ...trucks.checks(),
            ...signals.checks(),
            ...bikes.healthChecks(),
            ...boats.healthChecks(),
          ],
          inject: [TruckFleetHealth, SignalCorridorsHealth, BikeFleetService, BoatFleetService],
        },
      ],
    };
  }
}
