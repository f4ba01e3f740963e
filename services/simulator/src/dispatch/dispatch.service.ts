import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@urban-brain/common';
import type { DispatchTask } from '@urban-brain/proto';
import { LOGGER } from '../core/core.tokens';
import { DISPATCH_DESKS } from './dispatch.tokens';
import type { DispatchOrder } from './dispatch-order';
import type { FleetDispatchDesk } from './fleet-dispatch-desk';
import { SeenTaskIds } from './seen-task-ids';

/** What became of a task read from the topic; every one is final, so its offset is committed. */
export type DispatchHandling = 'handed' | 'duplicate' | 'invalid' | 'stale' | 'refused';

// A task read this long after it was issued (the simulator was down) is skipped: the vehicle has
// moved on since, and so has the dispatcher.
const STALE_AFTER_MS = 60 * 60_000;

/**
 * Hands each dispatch task to the fleet it names, once: a task id seen before is ignored, a task
 * for a fleet or vehicle the simulator does not have is logged and skipped.
 */
@Injectable()
export class DispatchService {
  private readonly seen = new SeenTaskIds();
  private readonly desks: ReadonlyMap<string, FleetDispatchDesk>;
  private readonly log: Logger;

  constructor(@Inject(DISPATCH_DESKS) desks: FleetDispatchDesk[], @Inject(LOGGER) logger: Logger) {
    this.desks = new Map(desks.map((desk) => [desk.fleet, desk]));
    this.log = logger.child({ context: DispatchService.name });
  }

  /** The fleets taking tasks in this process (a fleet configured off takes none). */
  get fleets(): string[] {
    return [...this.desks.keys()];
  }

  handle(task: DispatchTask, correlationId: string, receivedAtMs: number): DispatchHandling {
    const context = { correlationId, taskId: task.taskId, alertId: task.alertId, fleet: task.fleet, vehicleId: task.vehicleId };
    const problem = problemOf(task);
    if (problem) {
      this.log.warn({ ...context, problem }, 'dispatch task skipped: invalid');
      return 'invalid';
    }
    if (!this.seen.firstTime(task.taskId)) {
      this.log.info(context, 'dispatch task skipped: seen before');
      return 'duplicate';
    }
    const issuedAtMs = Number(task.issuedAtMs);
    if (issuedAtMs > 0 && receivedAtMs - issuedAtMs > STALE_AFTER_MS) {
      this.log.warn({ ...context, issuedAt: new Date(issuedAtMs).toISOString() }, 'dispatch task skipped: issued over an hour ago');
      return 'stale';
    }
    const desk = this.desks.get(task.fleet);
    if (!desk) {
      this.log.warn({ ...context, fleets: this.fleets }, `dispatch task skipped: no fleet "${task.fleet}" takes tasks here`);
      return 'refused';
    }
    const order: DispatchOrder = { taskId: task.taskId, alertId: task.alertId, vehicleId: task.vehicleId, place: [task.lon, task.lat], action: task.action, fromMs: receivedAtMs };
    const refusal = desk.dispatch(order);
    if (refusal) {
      this.log.warn({ ...context, code: refusal.code }, `dispatch task skipped: ${refusal.message}`);
      return 'refused';
    }
    this.log.info({ ...context, action: task.action, lon: task.lon, lat: task.lat, issuedBy: task.issuedBy }, 'dispatch task handed to the fleet');
    return 'handed';
  }
}

function problemOf(task: DispatchTask): string | null {
  if (task.taskId === '') return 'task_id: is empty';
  if (task.fleet === '') return 'fleet: is empty';
  if (task.vehicleId === '') return 'vehicle_id: is empty';
  if (!(task.lon >= -180 && task.lon <= 180) || !(task.lat >= -90 && task.lat <= 90)) return `lon/lat: ${task.lon},${task.lat} is not a place`;
  if (task.lon === 0 && task.lat === 0) return 'lon/lat: 0,0 is a missing place';
  return null;
}
