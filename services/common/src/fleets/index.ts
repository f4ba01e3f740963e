export * from './fleet-descriptor';
export * from './fleet-registry';
export * from './trucks.fleet';
export * from './bikes.fleet';
export * from './boats.fleet';
export * from './signals.fleet';
export * from './ambulances.fleet';
