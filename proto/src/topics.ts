// Kafka topic names. A breaking change to a message gets a new topic (".v2"),
// never a changed meaning on an existing one.
export const TOPIC_TRUCK_READINGS = 'ub.truck.readings.v1';
// BikeEvent, key = bike_id.
export const TOPIC_BIKE_EVENTS = 'ub.bike.events.v1';
// BoatReading (with any VesselSightings), key = boat_id.
export const TOPIC_BOAT_READINGS = 'ub.boat.readings.v1';
// SignalPhaseChange, key = intersection_id.
export const TOPIC_SIGNAL_PHASES = 'ub.signal.phases.v1';
// CorridorObservation, key = corridor_id.
export const TOPIC_CORRIDOR_OBSERVATIONS = 'ub.corridor.observations.v1';
// AmbulanceReading, key = ambulance_id.
export const TOPIC_AMBULANCE_READINGS = 'ub.ambulance.readings.v1';
// EmergencyCallEvent, key = call_id.
export const TOPIC_EMERGENCY_CALLS = 'ub.emergency.calls.v1';
export const TOPIC_DEAD_LETTER = 'ub.deadletter.v1';
// AlertChange (urbanbrain.alert.v1), key = alert_id: every raise and workflow step of an alert.
export const TOPIC_ALERTS = 'ub.alerts.v1';
// DispatchTask (urbanbrain.dispatch.v1), key = vehicle_id: a vehicle sent to an alert's place.
export const TOPIC_DISPATCH = 'ub.dispatch.v1';

// Kafka header carrying the correlation id through every hop.
export const HEADER_CORRELATION_ID = 'x-correlation-id';
// Kafka header naming the value encoding; absent means protobuf binary.
export const HEADER_CONTENT_TYPE = 'content-type';
export const CONTENT_TYPE_PROTOBUF = 'application/x-protobuf';
// Canonical proto3 JSON (docs/json-messages.md), for producers without protobuf.
export const CONTENT_TYPE_JSON = 'application/json';
