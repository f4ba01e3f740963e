import type { Logger } from '@urban-brain/common';
import type { DispatchOrder, DispatchRefusal, DispatchTarget } from './dispatch-order';

/** A fleet's side of dispatch: hands orders to its simulator and logs what becomes of them. */
export class FleetDispatchDesk {
  private readonly log: Logger;

  constructor(
    /** The fleet's name in dispatch tasks: "trucks", "boats", "ambulances". */
    readonly fleet: string,
    private readonly target: DispatchTarget,
    logger: Logger,
  ) {
    this.log = logger.child({ context: `FleetDispatchDesk:${fleet}` });
  }

  dispatch(order: DispatchOrder): DispatchRefusal | null {
    return this.target.dispatch(order);
  }

  /** The fleet's tick, logging its orders' progress (started, arrived, done) as it happens. */
  ticking<M>(tick: (simMs: number) => M[]): (simMs: number) => M[] {
    return (simMs) => {
      const messages = tick(simMs);
      for (const { order, stage, detail } of this.target.takeDispatchProgress()) {
        this.log.info({ fleet: this.fleet, taskId: order.taskId, alertId: order.alertId, vehicleId: order.vehicleId, stage, detail }, `dispatch task ${stage}`);
      }
      return messages;
    };
  }
}
