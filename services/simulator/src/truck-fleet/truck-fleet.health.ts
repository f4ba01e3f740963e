import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck } from '@urban-brain/common';
import { TruckFleetService } from './truck-fleet.service';

// A fleet that has not delivered for a few ticks (and at least 15 s) is unhealthy:
// either the loop died or Kafka is refusing the readings.
const MIN_STALE_AFTER_MS = 15_000;
const STALE_AFTER_TICKS = 3;

/** Health of the simulation loop and of its deliveries to Kafka. */
@Injectable()
export class TruckFleetHealth {
  constructor(@Inject(TruckFleetService) private readonly fleet: Pick<TruckFleetService, 'snapshot' | 'tickIntervalMs'>) {}

  checks(): HealthCheck[] {
    return [
      { name: 'simulation', check: async () => this.checkLoop() },
      { name: 'kafka', check: async () => this.checkDeliveries() },
    ];
  }

  private checkLoop(): void {
    if (!this.fleet.snapshot().running) throw new Error('the simulation loop is stopped');
  }

  private checkDeliveries(now = Date.now()): void {
    const { connected, lastDeliveredAtMs } = this.fleet.snapshot();
    if (!connected) throw new Error('not connected yet');
    const staleAfterMs = Math.max(MIN_STALE_AFTER_MS, STALE_AFTER_TICKS * this.fleet.tickIntervalMs);
    if (lastDeliveredAtMs === null) throw new Error('no readings delivered yet');
    const ageMs = now - lastDeliveredAtMs;
    if (ageMs > staleAfterMs) throw new Error(`last delivery ${Math.round(ageMs / 1000)} s ago`);
  }
}
