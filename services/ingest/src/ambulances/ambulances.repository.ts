import { Inject, Injectable } from '@nestjs/common';
import type { AmbulanceReading, EmergencyCallEvent } from '@urban-brain/proto';
import { StagedCopyWriter } from '../database/staged-copy.writer';
import { timestampOf, type StagedTable } from '../database/staged-table';

export const AMBULANCE_READINGS_TABLE: StagedTable<AmbulanceReading> = {
  name: 'ambulance_readings',
  columns: ['ambulance_id', 'seq', 'recorded_at', 'lon', 'lat', 'speed_kmh', 'heading_deg', 'state', 'call_id', 'station_id'],
  key: ['ambulance_id', 'recorded_at', 'seq'],
  fieldsOf: (r) => [r.ambulanceId, r.seq, timestampOf(r.recordedAtMs), r.lon, r.lat, r.speedKmh, r.headingDeg, r.state, r.callId, r.stationId],
};

export const EMERGENCY_CALL_EVENTS_TABLE: StagedTable<EmergencyCallEvent> = {
  name: 'emergency_call_events',
  columns: ['call_id', 'seq', 'recorded_at', 'stage', 'received_at', 'lon', 'lat', 'district_id', 'priority', 'ambulance_id', 'hospital_id'],
  key: ['call_id', 'recorded_at', 'seq'],
  fieldsOf: (e) => [
    e.callId,
    e.seq,
    timestampOf(e.recordedAtMs),
    e.stage,
    timestampOf(e.receivedAtMs),
    e.lon,
    e.lat,
    e.districtId,
    e.priority,
    e.ambulanceId,
    e.hospitalId,
  ],
};

/** Ambulance fixes and emergency call steps; what is stored already (same id, time and seq) is skipped. */
@Injectable()
export class AmbulancesRepository {
  constructor(@Inject(StagedCopyWriter) private readonly writer: Pick<StagedCopyWriter, 'write'>) {}

  async storeReadings(readings: readonly AmbulanceReading[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: AMBULANCE_READINGS_TABLE, rows: readings }]);
    return inserted ?? 0;
  }

  async storeCallEvents(events: readonly EmergencyCallEvent[]): Promise<number> {
    const [inserted] = await this.writer.write([{ table: EMERGENCY_CALL_EVENTS_TABLE, rows: events }]);
    return inserted ?? 0;
  }
}
