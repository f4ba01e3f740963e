import type { LonLat } from '@urban-brain/common';

/** A dispatch task as a simulated fleet takes it: who goes where, and from when. */
export interface DispatchOrder {
  taskId: string;
  alertId: string;
  vehicleId: string;
  place: LonLat;
  /** "collect", "sweep", "respond": what the dispatcher asked; the vehicle's kind decides what it does there. */
  action: string;
  /**
   * The order takes effect at the fleet's first tick at or after this moment (when the simulator
   * read it): a fleet still running through the past (SIM_BACKFILL) never sees it there, so the
   * past stays the seed's alone.
   */
  fromMs: number;
}

export enum DispatchRefusalCode {
  UNKNOWN_FLEET = 'unknown-fleet',
  UNKNOWN_VEHICLE = 'unknown-vehicle',
  UNREACHABLE = 'unreachable',
  BUSY = 'busy',
}

/** Why a fleet will not take an order; logged, and the task is skipped. */
export interface DispatchRefusal {
  code: DispatchRefusalCode;
  message: string;
}

/** What happened to an order inside a fleet, for the log. */
export interface DispatchProgress {
  order: DispatchOrder;
  stage: 'started' | 'arrived' | 'done' | 'replaced' | 'dropped';
  detail?: string;
}

/** A simulated fleet that takes orders (the trucks, the boats, the ambulances). */
export interface DispatchTarget {
  /** Refuses at once what the fleet cannot do; otherwise holds the order for its next tick. */
  dispatch(order: DispatchOrder): DispatchRefusal | null;
  /** Progress of the fleet's orders since the last call. */
  takeDispatchProgress(): DispatchProgress[];
}

export const refusal = (code: DispatchRefusalCode, message: string): DispatchRefusal => ({ code, message });
