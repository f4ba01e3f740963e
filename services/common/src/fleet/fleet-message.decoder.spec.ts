import { create, toBinary, toJsonString } from '@bufbuild/protobuf';
import { BikeEventKind, BikeEventSchema, BoatTaskState, CorridorDirection, MovementPhaseState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { decodeBikeEvent, decodeBoatReading, decodeCorridorObservation, decodeSignalPhaseChange, decodeTruckReading } from './fleet-message.decoder';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const bike = create(BikeEventSchema, {
  bikeId: 'NJ-BIKE-00042',
  seq: 7,
  recordedAtMs: 1_764_230_400_000n,
  kind: BikeEventKind.TRIP_END,
  lon: 105.06,
  lat: 29.58,
  fenceId: 'F-SZ-017',
  inFence: true,
  isEbike: true,
  batteryPct: 64,
  operator: 'meituan',
});

describe('decodeFleetMessage (through the per-fleet decoders)', () => {
  it('reads protobuf when there is no content type or it says protobuf', () => {
    const bytes = toBinary(BikeEventSchema, bike);
    expect(decodeBikeEvent(bytes)).toEqual({ ok: true, message: bike });
    expect(decodeBikeEvent(bytes, 'application/x-protobuf')).toEqual({ ok: true, message: bike });
  });

  it('reads canonical JSON: lowerCamelCase names, int64 as a string or a number, enums by name', () => {
    const json = `{"bikeId":"NJ-BIKE-00042","seq":7,"recordedAtMs":"1764230400000","kind":"BIKE_EVENT_KIND_TRIP_END","lon":105.06,"lat":29.58,
      "fenceId":"F-SZ-017","inFence":true,"isEbike":true,"batteryPct":64,"operator":"meituan"}`;
    expect(decodeBikeEvent(utf8(json), 'application/json')).toEqual({ ok: true, message: bike });
    expect(decodeBikeEvent(utf8(json.replace('"1764230400000"', '1764230400000')), 'application/json')).toEqual({ ok: true, message: bike });
    // What protobuf-es writes, it reads back.
    expect(decodeBikeEvent(utf8(toJsonString(BikeEventSchema, bike)), 'application/json')).toEqual({ ok: true, message: bike });
  });

  it('accepts proto field names and enum numbers too (proto3 JSON parsers must)', () => {
    const decoded = decodeBoatReading(utf8('{"boat_id":"NJ-BOAT-03","seq":1,"recorded_at_ms":"1764230400000","task_state":1,"vessel_sightings":[{"sighting_id":"S-1"}]}'), 'application/json');
    expect(decoded.ok && decoded.message).toMatchObject({ boatId: 'NJ-BOAT-03', taskState: BoatTaskState.SWEEPING, vesselSightings: [{ sightingId: 'S-1' }] });
  });

  it('decodes each fleet by its own schema', () => {
    const phase = decodeSignalPhaseChange(utf8('{"intersectionId":"HANAN-07","phaseState":"MOVEMENT_PHASE_STATE_STOP_AND_REMAIN","startMs":"5"}'), 'application/json');
    expect(phase.ok && phase.message).toMatchObject({ intersectionId: 'HANAN-07', phaseState: MovementPhaseState.STOP_AND_REMAIN, startMs: 5n });
    const corridor = decodeCorridorObservation(utf8('{"corridorId":"HANAN-AVE","direction":"CORRIDOR_DIRECTION_INBOUND","vehicles":12}'), 'application/json');
    expect(corridor.ok && corridor.message).toMatchObject({ corridorId: 'HANAN-AVE', direction: CorridorDirection.INBOUND, vehicles: 12 });
    expect(decodeTruckReading(utf8('{"truckId":"NJ-SAN-0001"}'), 'application/json')).toMatchObject({ ok: true, message: { truckId: 'NJ-SAN-0001' } });
  });

  it('refuses malformed JSON, an unknown field, an unknown enum name and a wrong type, naming the message', () => {
    const refusals = ['{"bikeId":', '{"bikeID":"x"}', '{"kind":"BIKE_EVENT_KIND_STOLEN"}', '{"seq":"seven"}'].map((json) => decodeBikeEvent(utf8(json), 'application/json'));
    for (const refusal of refusals) {
      expect(refusal.ok).toBe(false);
      expect(!refusal.ok && refusal.error).toMatch(/^value: not a BikeEvent in proto3 JSON \(.+\)$/);
    }
  });

  it('refuses bytes that are not the protobuf message', () => {
    const decoded = decodeBikeEvent(utf8('{"bikeId":"NJ-BIKE-00042"}'));
    expect(!decoded.ok && decoded.error).toMatch(/^value: not a BikeEvent protobuf \(.+\)$/);
  });

  it('refuses a content type it does not know', () => {
    expect(decodeBikeEvent(utf8('bike'), 'text/plain')).toEqual({
      ok: false,
      error: 'content-type: "text/plain" is not supported; use application/x-protobuf (or none) or application/json',
    });
  });
});
