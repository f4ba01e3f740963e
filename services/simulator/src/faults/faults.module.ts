import { Global, Module } from '@nestjs/common';
import type { SimulatorConfig } from '../config/simulator.config';
import { SIMULATOR_CONFIG } from '../core/core.tokens';
import { deriveSeed } from '../truck-fleet/seeded-random';
import { FaultInjector } from './fault-injector';
import { FaultsController } from './faults.controller';
import { FaultsReporter } from './faults.reporter';
import { FAULT_INJECTOR } from './faults.tokens';

// Seeded apart from the fleets, so switching faults on does not change how the fleets move.
const FAULT_SEED_STREAM = 0xfa017;

/** The fault injector shared by every fleet's producer, its counters on GET /faults, and their log. */
@Global()
@Module({
  controllers: [FaultsController],
  providers: [
    {
      provide: FAULT_INJECTOR,
      useFactory: (config: SimulatorConfig) => new FaultInjector(config.SIM_FAULTS, deriveSeed(config.SIM_SEED, FAULT_SEED_STREAM)),
      inject: [SIMULATOR_CONFIG],
    },
    FaultsReporter,
  ],
  exports: [FAULT_INJECTOR],
})
export class FaultsModule {}
