import { create } from '@bufbuild/protobuf';
import { AmbulanceColumnsSchema, CallColumnsSchema, type AmbulanceColumns, type CallColumns } from '@urban-brain/proto';
import type { LiveAmbulance } from './live-ambulance';
import type { LiveCall } from './live-call';

// Entry i of every list belongs to ambulance (call) i.

export function toAmbulanceColumns(ambulances: readonly LiveAmbulance[]): AmbulanceColumns {
  const columns = create(AmbulanceColumnsSchema);
  columns.ambulanceIds = ambulances.map((a) => a.ambulanceId);
  columns.lon = ambulances.map((a) => a.lon);
  columns.lat = ambulances.map((a) => a.lat);
  columns.speedKmh = ambulances.map((a) => a.speedKmh);
  columns.headingDeg = ambulances.map((a) => a.headingDeg);
  columns.state = ambulances.map((a) => a.state);
  columns.callIds = ambulances.map((a) => a.callId);
  columns.stationIds = ambulances.map((a) => a.stationId);
  columns.recordedAtMs = ambulances.map((a) => a.recordedAtMs);
  columns.seq = ambulances.map((a) => a.seq);
  columns.receivedAtMs = ambulances.map((a) => a.receivedAtMs);
  return columns;
}

export function toCallColumns(calls: readonly LiveCall[]): CallColumns {
  const columns = create(CallColumnsSchema);
  columns.callIds = calls.map((c) => c.callId);
  columns.lon = calls.map((c) => c.lon);
  columns.lat = calls.map((c) => c.lat);
  columns.stage = calls.map((c) => c.stage);
  columns.priority = calls.map((c) => c.priority);
  columns.receivedAtMs = calls.map((c) => c.receivedAtMs);
  columns.ambulanceIds = calls.map((c) => c.ambulanceId);
  columns.hospitalIds = calls.map((c) => c.hospitalId);
  columns.districtIds = calls.map((c) => c.districtId);
  columns.updatedAtMs = calls.map((c) => c.updatedAtMs);
  return columns;
}
