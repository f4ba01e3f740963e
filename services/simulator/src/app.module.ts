import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from './config/simulator.config';
import { AmbulanceFleetModule } from './ambulance-fleet/ambulance-fleet.module';
import { AmbulanceFleetService } from './ambulance-fleet/ambulance-fleet.service';
import { BackfillModule } from './backfill/backfill.module';
import { BikeFleetModule } from './bike-fleet/bike-fleet.module';
import { BikeFleetService } from './bike-fleet/bike-fleet.service';
import { BoatFleetModule } from './boat-fleet/boat-fleet.module';
import { BoatFleetService } from './boat-fleet/boat-fleet.service';
import { CoreModule } from './core/core.module';
import type { SimulatedFleetService } from './core/simulated-fleet.service';
import { FaultsModule } from './faults/faults.module';
import { SignalCorridorsModule } from './signal-corridors/signal-corridors.module';
import { SignalCorridorsService } from './signal-corridors/signal-corridors.service';
import { TruckFleetModule } from './truck-fleet/truck-fleet.module';
import { TruckFleetService } from './truck-fleet/truck-fleet.service';

// Every simulated fleet's service, in the order /health lists their checks.
const FLEET_SERVICES = [TruckFleetService, SignalCorridorsService, BikeFleetService, BoatFleetService, AmbulanceFleetService];

@Module({})
export class AppModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), FaultsModule, TruckFleetModule, SignalCorridorsModule, BikeFleetModule, BoatFleetModule, AmbulanceFleetModule, BackfillModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (...fleets: SimulatedFleetService<unknown>[]) => fleets.flatMap((fleet) => fleet.healthChecks()),
          inject: FLEET_SERVICES,
        },
      ],
    };
  }
}
