import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { TaskState, TruckKind } from '@urban-brain/proto';
import type { TracksResponseDto } from './history-response.dto';

// Enum names as the proto spells them without the prefix (TASK_STATE_SWEEPING -> SWEEPING).
export type TaskStateName = keyof typeof TaskState;
export type TruckKindName = keyof typeof TruckKind;
const enumNames = (e: object): string[] => Object.keys(e).filter((key) => Number.isNaN(Number(key)));
const TASK_STATE_NAMES = enumNames(TaskState) as TaskStateName[];
const TRUCK_KIND_NAMES = enumNames(TruckKind) as TruckKindName[];

// The answer of the GET /trucks/{truckId}/track alias, unchanged since before /history/tracks: a history
// point with the truck's properties inline. The schema names stay, so generated clients keep their types.
@ApiSchema({ name: 'TrackPoint' })
export class TruckTrackPointDto {
  @ApiProperty({ format: 'date-time', description: 'Device time of the fix, ISO-8601 UTC with milliseconds', example: '2025-05-01T08:00:01.000Z' })
  t!: string;

  @ApiProperty({ type: 'integer', description: 'Per-truck sequence number; with t, the reading\'s identity', example: 3601 })
  seq!: number;

  @ApiProperty({ description: 'Longitude, WGS84 degrees', example: 105.0581 })
  lon!: number;

  @ApiProperty({ description: 'Latitude, WGS84 degrees', example: 29.5823 })
  lat!: number;

  @ApiProperty({ example: 18.5 })
  speedKmh!: number;

  @ApiProperty({ description: 'Degrees clockwise from north, [0, 360)', example: 92 })
  headingDeg!: number;

  @ApiProperty({ example: 2350 })
  loadKg!: number;

  @ApiProperty({ enum: TASK_STATE_NAMES, enumName: 'TaskState', example: 'SWEEPING' })
  taskState!: TaskStateName;

  @ApiProperty({ enum: TRUCK_KIND_NAMES, enumName: 'TruckKind', example: 'SWEEPER' })
  kind!: TruckKindName;
}

@ApiSchema({ name: 'TrackResponse' })
export class TruckTrackResponseDto {
  @ApiProperty({ example: 'truck-042' })
  truckId!: string;

  @ApiProperty({ format: 'date-time', description: 'Start of the window (inclusive), normalised to UTC', example: '2025-05-01T00:00:00.000Z' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the window (exclusive), normalised to UTC', example: '2025-05-01T01:00:00.000Z' })
  to!: string;

  @ApiProperty({ type: [TruckTrackPointDto], description: 'Readings ordered by (t, seq); empty when the truck sent nothing in the window' })
  points!: TruckTrackPointDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` (with the same truck) for the next page; null on the last page',
    example: null,
  })
  nextCursor!: string | null;
}

/** One truck's page of /history/tracks (shape flat) as the alias answers it. */
export function toTruckTrackResponse(truckId: string, tracks: TracksResponseDto): TruckTrackResponseDto {
  return {
    truckId,
    from: tracks.from,
    to: tracks.to,
    // The history service names the enums and lists the trucks' properties in the order this shape had.
    points: (tracks.points ?? []).map(({ t, seq, lon, lat, properties }) => ({ t, seq, lon, lat, ...properties }) as TruckTrackPointDto),
    nextCursor: tracks.nextCursor,
  };
}
