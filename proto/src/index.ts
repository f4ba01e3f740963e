// The contracts every process shares. Generated code lives in ./gen (buf generate).
export * from './gen/urbanbrain/fleet/v1/truck_pb';
export * from './gen/urbanbrain/fleet/v1/bike_pb';
export * from './gen/urbanbrain/fleet/v1/boat_pb';
export * from './gen/urbanbrain/fleet/v1/ambulance_pb';
export * from './gen/urbanbrain/signal/v1/signal_pb';
export * from './gen/urbanbrain/live/v1/frame_pb';
export * from './gen/urbanbrain/ops/v1/dead_letter_pb';
export * from './gen/urbanbrain/alert/v1/alert_pb';
export * from './gen/urbanbrain/dispatch/v1/dispatch_pb';
export * from './topics';
export * from './socket-events';
export * from './auth';
export * from './alerts';
export * from './corridor-verdict';
export * from './backtests';
export * from './corridor-time-space';
export * from './replay';
