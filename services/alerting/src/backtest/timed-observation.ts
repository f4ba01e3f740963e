import type { StreamObservation } from '../engine/stream-observation';

/**
 * A recorded observation with the time it reached the rules: the Kafka record's timestamp (the
 * database path: the reading's own time). The backtest's clock follows it, as the live service's
 * follows the wall clock.
 */
export interface TimedObservation {
  observation: StreamObservation;
  clockMs: number;
}

/** Where the backtest reads a window from, in clock order, batch by batch. */
export interface WindowSource {
  /** Resolves when the window is read; rejects with BacktestCancelled when `cancelled()` turns true. */
  read(deliver: (batch: readonly TimedObservation[]) => void, cancelled: () => boolean): Promise<void>;
}

export class BacktestCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BacktestCancelled';
  }
}
