import { create } from '@bufbuild/protobuf';
import { createLogger } from '@urban-brain/common';
import { DispatchTaskSchema, type DispatchTask } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { DispatchRefusalCode, refusal, type DispatchOrder, type DispatchProgress, type DispatchRefusal, type DispatchTarget } from './dispatch-order';
import { DispatchService } from './dispatch.service';
import { FleetDispatchDesk } from './fleet-dispatch-desk';

const NOW = Date.UTC(2026, 11, 3, 9);
const logger = createLogger('dispatch-service-spec', 'silent');

/** A fleet of two trucks that records the orders it takes. */
class RecordingFleet implements DispatchTarget {
  readonly orders: DispatchOrder[] = [];
  dispatch(order: DispatchOrder): DispatchRefusal | null {
    if (!['NJ-SAN-0001', 'NJ-SAN-0002'].includes(order.vehicleId)) return refusal(DispatchRefusalCode.UNKNOWN_VEHICLE, `no truck ${order.vehicleId}`);
    this.orders.push(order);
    return null;
  }
  takeDispatchProgress(): DispatchProgress[] {
    return [];
  }
}

const taskOf = (fields: Partial<DispatchTask> = {}): DispatchTask =>
  create(DispatchTaskSchema, { taskId: 'task-1', alertId: 'alert-1', fleet: 'trucks', vehicleId: 'NJ-SAN-0001', lon: 105.05, lat: 29.58, action: 'collect', issuedAtMs: BigInt(NOW - 2_000), issuedBy: 'ann', ...fields });

function setUp() {
  const trucks = new RecordingFleet();
  const service = new DispatchService([new FleetDispatchDesk('trucks', trucks, logger)], logger);
  return { trucks, service };
}

describe('DispatchService', () => {
  it('hands a task to its fleet as an order from the moment it was read', () => {
    const { trucks, service } = setUp();
    expect(service.handle(taskOf(), 'corr-1', NOW)).toBe('handed');
    expect(trucks.orders).toEqual([{ taskId: 'task-1', alertId: 'alert-1', vehicleId: 'NJ-SAN-0001', place: [105.05, 29.58], action: 'collect', fromMs: NOW }]);
  });

  it('ignores a task id seen before', () => {
    const { trucks, service } = setUp();
    expect(service.handle(taskOf(), 'c', NOW)).toBe('handed');
    expect(service.handle(taskOf({ vehicleId: 'NJ-SAN-0002' }), 'c', NOW + 1_000)).toBe('duplicate');
    expect(trucks.orders).toHaveLength(1);
  });

  it('skips a task for a fleet that takes none here, a vehicle the fleet does not have, a task without a place, and an old one', () => {
    const { trucks, service } = setUp();
    expect(service.handle(taskOf({ taskId: 'a', fleet: 'bikes' }), 'c', NOW)).toBe('refused');
    expect(service.handle(taskOf({ taskId: 'b', vehicleId: 'NJ-SAN-0404' }), 'c', NOW)).toBe('refused');
    expect(service.handle(taskOf({ taskId: 'c', lon: 0, lat: 0 }), 'c', NOW)).toBe('invalid');
    expect(service.handle(taskOf({ taskId: '' }), 'c', NOW)).toBe('invalid');
    expect(service.handle(taskOf({ taskId: 'd', issuedAtMs: BigInt(NOW - 2 * 3_600_000) }), 'c', NOW)).toBe('stale');
    expect(trucks.orders).toEqual([]);
    expect(service.fleets).toEqual(['trucks']);
  });
});
