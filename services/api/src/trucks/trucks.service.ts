import { Injectable } from '@nestjs/common';
import { TaskState, TruckKind } from '@urban-brain/proto';
import { encodeTrackCursor } from './track-cursor';
import type { TrackQuery } from './track-query.dto';
import type { TaskStateName, TrackPointDto, TrackResponseDto, TruckKindName } from './track-response.dto';
import { TrucksRepository, type TruckReadingRow } from './trucks.repository';

@Injectable()
export class TrucksService {
  constructor(private readonly trucks: TrucksRepository) {}

  /**
   * One page of a truck's track. A truck with no readings in the window gets an empty page,
   * not a 404: trucks can be silent, and there is no fleet registry to tell "unknown" apart.
   */
  async findTrack(query: TrackQuery): Promise<TrackResponseDto> {
    // One row more than asked says whether another page exists, without a COUNT.
    const rows = await this.trucks.findTrack({ truckId: query.truckId, from: query.from, to: query.to, after: query.after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last ? encodeTrackCursor({ truckId: query.truckId, after: { recordedAt: last.recordedAt, seq: last.seq } }) : null;
    return {
      truckId: query.truckId,
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      points: page.map(toTrackPoint),
      nextCursor,
    };
  }
}

function toTrackPoint(row: TruckReadingRow): TrackPointDto {
  return {
    t: new Date(row.recordedAt).toISOString(),
    seq: row.seq,
    lon: row.lon,
    lat: row.lat,
    speedKmh: row.speedKmh,
    headingDeg: row.headingDeg,
    loadKg: row.loadKg,
    // Ingest refuses unknown enum values, so the fallback only guards rows written some other way.
    taskState: (TaskState[row.taskState] as TaskStateName | undefined) ?? 'UNSPECIFIED',
    kind: (TruckKind[row.kind] as TruckKindName | undefined) ?? 'UNSPECIFIED',
  };
}
