import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck } from '@urban-brain/common';
import { SignalCorridorsService } from './signal-corridors.service';

// Phase changes come every few seconds somewhere in the city; a quarter minute without a delivery is a fault.
const STALE_AFTER_MS = 15_000;

/** Health of the green-wave signals: loop running and deliveries recent (skipped when disabled). */
@Injectable()
export class SignalCorridorsHealth {
  constructor(@Inject(SignalCorridorsService) private readonly signals: Pick<SignalCorridorsService, 'snapshot'>) {}

  checks(): HealthCheck[] {
    return [{ name: 'signals', check: async () => this.check() }];
  }

  private check(now = Date.now()): void {
    const s = this.signals.snapshot();
    if (!s.enabled) return;
    if (!s.running) throw new Error('the signal loop is stopped');
    if (!s.connected) throw new Error('not connected yet');
    if (s.lastDeliveredAtMs === null) throw new Error('no phase changes delivered yet');
    const ageMs = now - s.lastDeliveredAtMs;
    if (ageMs > STALE_AFTER_MS) throw new Error(`last delivery ${Math.round(ageMs / 1000)} s ago`);
  }
}
