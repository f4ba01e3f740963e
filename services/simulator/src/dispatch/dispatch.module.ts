import { Module } from '@nestjs/common';
import type { SimulatedFleetService } from '../core/simulated-fleet.service';
import { FLEET_MODULES, FLEET_SERVICES } from '../fleet-services';
import { DispatchTaskConsumer } from './dispatch-task.consumer';
import { DISPATCH_DESKS } from './dispatch.tokens';
import { DispatchService } from './dispatch.service';

@Module({
  imports: FLEET_MODULES,
  providers: [
    // Whichever fleets take tasks, as each fleet's service says (null when it takes none or is off).
    { provide: DISPATCH_DESKS, useFactory: (...fleets: SimulatedFleetService<unknown>[]) => fleets.flatMap((fleet) => fleet.dispatchDesk ?? []), inject: FLEET_SERVICES },
    DispatchService,
    DispatchTaskConsumer,
  ],
  exports: [DispatchTaskConsumer],
})
export class DispatchModule {}
