import { AmbulanceFleetModule } from './ambulance-fleet/ambulance-fleet.module';
import { AmbulanceFleetService } from './ambulance-fleet/ambulance-fleet.service';
import { BikeFleetModule } from './bike-fleet/bike-fleet.module';
import { BikeFleetService } from './bike-fleet/bike-fleet.service';
import { BoatFleetModule } from './boat-fleet/boat-fleet.module';
import { BoatFleetService } from './boat-fleet/boat-fleet.service';
import { SignalCorridorsModule } from './signal-corridors/signal-corridors.module';
import { SignalCorridorsService } from './signal-corridors/signal-corridors.service';
import { TruckFleetModule } from './truck-fleet/truck-fleet.module';
import { TruckFleetService } from './truck-fleet/truck-fleet.service';

// Every simulated fleet's module and service, in the order /health lists their checks.
export const FLEET_MODULES = [TruckFleetModule, SignalCorridorsModule, BikeFleetModule, BoatFleetModule, AmbulanceFleetModule];
export const FLEET_SERVICES = [TruckFleetService, SignalCorridorsService, BikeFleetService, BoatFleetService, AmbulanceFleetService];
