import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import { LOGGER } from '../core/core.tokens';
import type { FaultInjector } from './fault-injector';
import { FAULT_INJECTOR } from './faults.tokens';

const REPORT_EVERY_MS = 10_000;

/** Logs the fault counters while they change, so a run's log says what was damaged. */
@Injectable()
export class FaultsReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private lastReported = '';

  constructor(
    @Inject(FAULT_INJECTOR) private readonly faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: FaultsReporter.name });
  }

  onApplicationBootstrap(): void {
    if (!this.faults.enabled) return;
    this.log.warn({ rates: this.faults.rates }, 'fault injection on: outgoing streams will be damaged on purpose');
    this.timer = setInterval(() => this.report(), REPORT_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    if (this.faults.enabled) this.report();
  }

  private report(): void {
    const { total } = this.faults.snapshot();
    const text = JSON.stringify(total);
    if (text === this.lastReported) return;
    this.lastReported = text;
    this.log.info({ faults: total }, 'faults injected');
  }
}
