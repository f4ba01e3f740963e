import { Controller, Get, Inject } from '@nestjs/common';
import type { FaultCounters, FaultInjector } from './fault-injector';
import { FAULT_INJECTOR } from './faults.tokens';

/** What the fault injector did so far, so a test or an operator can compare with what consumers saw. */
@Controller('faults')
export class FaultsController {
  constructor(@Inject(FAULT_INJECTOR) private readonly faults: FaultInjector) {}

  @Get()
  counters(): FaultCounters {
    return this.faults.snapshot();
  }
}
