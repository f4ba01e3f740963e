// The process-wide fault injector every fleet's producer sends through.
export const FAULT_INJECTOR = Symbol('FAULT_INJECTOR');
