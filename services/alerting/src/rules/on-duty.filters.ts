// What "on duty" means per stream, for `onDutyOnly: true` (a stale GPS is news only while the vehicle
// should be reporting). Data, not a branch: a stream absent here cannot use onDutyOnly, and the parser says so.
// Values are enum names of the stream's message, checked like any `when:` block.
export const ON_DUTY_WHEN: Readonly<Record<string, Record<string, unknown>>> = {
  // A truck parked idle at the depot (or with no task reported) is off duty.
  'truck-readings': { taskState: { notIn: ['UNSPECIFIED', 'IDLE'] } },
  // A boat docked or on its charger is off duty.
  'boat-readings': { taskState: { notIn: ['UNSPECIFIED', 'DOCKED', 'CHARGING'] } },
  // An ambulance is on duty even when available at its station: the dispatcher must see it to send it.
  'ambulance-readings': { state: { notIn: ['UNSPECIFIED'] } },
};
