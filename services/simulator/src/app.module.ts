import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from './config/simulator.config';
import { BackfillModule } from './backfill/backfill.module';
import { BikeFleetModule } from './bike-fleet/bike-fleet.module';
import { BikeFleetService } from './bike-fleet/bike-fleet.service';
import { BoatFleetModule } from './boat-fleet/boat-fleet.module';
import { BoatFleetService } from './boat-fleet/boat-fleet.service';
import { CoreModule } from './core/core.module';
import { FaultsModule } from './faults/faults.module';
import { SignalCorridorsModule } from './signal-corridors/signal-corridors.module';
import { SignalCorridorsService } from './signal-corridors/signal-corridors.service';
import { TruckFleetModule } from './truck-fleet/truck-fleet.module';
import { TruckFleetService } from './truck-fleet/truck-fleet.service';

@Module({})
export class AppModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), FaultsModule, TruckFleetModule, SignalCorridorsModule, BikeFleetModule, BoatFleetModule, BackfillModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (trucks: TruckFleetService, signals: SignalCorridorsService, bikes: BikeFleetService, boats: BoatFleetService) => [
            ...trucks.healthChecks(),
            ...signals.healthChecks(),
            ...bikes.healthChecks(),
            ...boats.healthChecks(),
          ],
          inject: [TruckFleetService, SignalCorridorsService, BikeFleetService, BoatFleetService],
        },
      ],
    };
  }
}
