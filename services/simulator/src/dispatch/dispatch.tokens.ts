// The dispatch desks of the fleets that take tasks (FleetDispatchDesk[]).
export const DISPATCH_DESKS = Symbol('DISPATCH_DESKS');
