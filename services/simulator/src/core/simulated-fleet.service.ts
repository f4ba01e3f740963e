import type { BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HealthCheck } from '@urban-brain/common';
import type { FleetDispatchDesk } from '../dispatch/fleet-dispatch-desk';
import type { FleetLoopStats } from './fleet-clock-loop';
import type { SimulatedFleetRunner } from './simulated-fleet.runner';

/**
 * A fleet's Nest service: ties its runner to the app's life (start producing on
 * bootstrap, stop ticking before shutdown, disconnect the producer after it) and
 * exposes its stats and health. Subclasses build the runner in their constructor,
 * or leave it null when the fleet is configured off.
 */
export abstract class SimulatedFleetService<M> implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  protected runner: SimulatedFleetRunner<M> | null = null;
  /** Set by a fleet that takes dispatch tasks (and is on); read by the dispatch module. */
  dispatchDesk: FleetDispatchDesk | null = null;

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.disconnect();
  }

  /** Starts producing; the app does it at bootstrap. */
  start(): void {
    this.runner?.start();
  }

  /** Stops the clock and lets the send in flight finish; the producer stays connected. */
  async stop(): Promise<void> {
    await this.runner?.stop();
  }

  /** Null when the fleet is off. */
  snapshot(): FleetLoopStats | null {
    return this.runner?.snapshot() ?? null;
  }

  healthChecks(): HealthCheck[] {
    return this.runner?.healthChecks() ?? [];
  }
}
