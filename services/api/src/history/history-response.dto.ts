import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { KPI_FLEETS, POSITION_FLEETS, POSITION_HISTORY, STATE_LOOKBACK_TEXT, type KpiFleet, type PositionFleet } from './history-fleet';
import { KPI_BUCKETS, TRACK_SHAPES, type KpiBucket, type TrackShape } from './history-query.schemas';

const PROPERTIES_DESCRIPTION =
  'The reading as the fleet reports it, enums by their proto names. ' +
  POSITION_FLEETS.map((fleet) => `${fleet}: ${POSITION_HISTORY[fleet].properties.map((property) => property.name).join(', ')}`).join('; ');

@ApiSchema({ name: 'HistorySample' })
export class HistorySampleDto {
  @ApiProperty({ format: 'date-time', description: 'Device time of the reading, ISO-8601 UTC with milliseconds', example: '2025-05-01T08:00:01.000Z' })
  t!: string;

  @ApiProperty({ type: 'integer', description: "Per-entity sequence number; with t, the reading's identity", example: 3601 })
  seq!: number;

  @ApiProperty({ description: 'Longitude, WGS84 degrees', example: 105.0581 })
  lon!: number;

  @ApiProperty({ description: 'Latitude, WGS84 degrees', example: 29.5823 })
  lat!: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only when downsampled (`every`): start of the bucket this reading, its last, stands for' })
  bucket?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: PROPERTIES_DESCRIPTION,
    example: { speedKmh: 18.5, headingDeg: 92, loadKg: 2350, taskState: 'SWEEPING', kind: 'SWEEPER' },
  })
  properties!: Record<string, unknown>;
}

@ApiSchema({ name: 'HistoryPoint' })
export class HistoryPointDto extends HistorySampleDto {
  @ApiProperty({ description: `Id of the entity the reading is from (fleets: ${POSITION_FLEETS.join(', ')})`, example: 'truck-042' })
  id!: string;
}

@ApiSchema({ name: 'EntityTrack' })
export class EntityTrackDto {
  @ApiProperty({ example: 'truck-042' })
  id!: string;

  @ApiProperty({ type: [HistorySampleDto], description: 'Ordered by (t, seq); may continue on the next page' })
  points!: HistorySampleDto[];
}

@ApiSchema({ name: 'TracksResponse' })
export class TracksResponseDto {
  @ApiProperty({ enum: POSITION_FLEETS, example: 'trucks' })
  fleet!: PositionFleet;

  @ApiProperty({ format: 'date-time', example: '2025-05-01T00:00:00.000Z' })
  from!: string;

  @ApiProperty({ format: 'date-time', example: '2025-05-01T01:00:00.000Z' })
  to!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Downsampling bucket in seconds; null when every reading is listed', example: 60 })
  every!: number | null;

  @ApiProperty({ enum: TRACK_SHAPES, example: 'grouped' })
  shape!: TrackShape;

  @ApiPropertyOptional({
    type: [EntityTrackDto],
    description: 'shape=grouped: one entry per entity that has points on this page, ordered by id. Entities with no readings are absent.',
  })
  tracks?: EntityTrackDto[];

  @ApiPropertyOptional({ type: [HistoryPointDto], description: 'shape=flat: the same points, each carrying its id, ordered by (id, t, seq)' })
  points?: HistoryPointDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` (same fleet and every) for the next page; null on the last page', example: null })
  nextCursor!: string | null;
}

// New measures are appended, so clients that read the earlier ones by name or position keep working.
export const KPI_METRICS = {
  trucks: ['activeTrucks', 'meanSpeedKmh', 'loadDeliveredKg', 'readings', 'distanceKm'],
  bikes: ['events', 'tripsEnded', 'endedOutsideFences', 'distinctBikes', 'bikesOutsideFences'],
  boats: ['activeBoats', 'debrisCollectedKg', 'meanBatteryPct', 'distanceKm'],
  ambulances: ['callsReceived', 'callsOnScene', 'callsClosed', 'meanResponseS', 'responseP50S', 'responseP90S'],
  corridors: ['meanArrivalsOnGreenPct', 'meanTravelTimeRatio', 'meanStops', 'observations'],
} as const satisfies Record<KpiFleet, readonly string[]>;

const KPI_DESCRIPTION =
  'The bucket start `t` and the fleet\'s measures; means are null in a bucket with no readings, counts and sums 0. ' +
  'Served from the 1-minute or 1-hour roll-ups (whole buckets: a `to` inside a bucket counts that bucket whole; the ' +
  'current, incomplete minute or hour is not rolled up yet and reads as empty). ' +
  'trucks: activeTrucks (distinct trucks reporting), meanSpeedKmh, loadDeliveredKg (per truck and minute with an UNLOADING ' +
  'reading, its highest load minus its last; the one-reading step across a minute boundary is not counted), readings, ' +
  'distanceKm (speed x the 1 Hz reporting interval); ' +
  'bikes: events, tripsEnded, endedOutsideFences (trip ends outside any fence), distinctBikes, bikesOutsideFences ' +
  '(bikes whose last event in the bucket left them parked outside any fence); ' +
  'boats: activeBoats, debrisCollectedKg (per boat and minute the rise of its cumulative debris, summed), meanBatteryPct, ' +
  'distanceKm (as trucks); ' +
  'ambulances (1h buckets only): callsReceived, callsOnScene (calls the ambulance reached in the bucket), callsClosed, each ' +
  'counted in the bucket of that step; meanResponseS, responseP50S, responseP90S: response time (call received to ambulance ' +
  'on scene, seconds) of the calls reached on scene in the bucket, the mean from the hourly roll-up, the percentiles ' +
  '(interpolated) computed from the raw ON_SCENE events, since percentiles cannot be added up from roll-ups; null with no such call; ' +
  'corridors: meanArrivalsOnGreenPct, meanTravelTimeRatio (travel time / design travel time), meanStops, observations.';

@ApiSchema({ name: 'KpiSeriesResponse' })
export class KpiSeriesResponseDto {
  @ApiProperty({ enum: KPI_FLEETS, example: 'trucks' })
  fleet!: KpiFleet;

  @ApiProperty({ enum: Object.keys(KPI_BUCKETS), example: '1m' })
  bucket!: KpiBucket;

  @ApiProperty({ format: 'date-time', description: 'Start of the first bucket: `from` rounded down to the bucket', example: '2025-05-01T00:00:00.000Z' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the window (exclusive), as asked', example: '2025-05-01T01:00:00.000Z' })
  to!: string;

  @ApiProperty({ type: [String], description: 'The measures each bucket carries, in order', example: KPI_METRICS.trucks })
  metrics!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { type: 'number', nullable: true } },
    description: `Every bucket in the window, oldest first, none missing. ${KPI_DESCRIPTION}`,
    example: [{ t: '2025-05-01T00:00:00.000Z', activeTrucks: 118, meanSpeedKmh: 14.2, loadDeliveredKg: 0, readings: 7080, distanceKm: 27.9 }],
  })
  buckets!: Record<string, string | number | null>[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'End of the newest bucket the roll-ups hold (null when they hold none). The roll-ups are refreshed behind the clock: buckets ' +
      'from this instant on read as empty because they are not rolled up yet, not because nothing happened.',
    example: '2025-05-01T00:59:00.000Z',
  })
  rolledUpTo!: string | null;
}

@ApiSchema({ name: 'StateResponse' })
export class StateResponseDto {
  @ApiProperty({ enum: POSITION_FLEETS, example: 'trucks' })
  fleet!: PositionFleet;

  @ApiProperty({ format: 'date-time', example: '2025-05-01T08:30:00.000Z' })
  at!: string;

  @ApiProperty({ type: 'integer', description: `How far before \`at\` a last reading still counts, in seconds (${STATE_LOOKBACK_TEXT})`, example: 600 })
  lookbackSeconds!: number;

  @ApiProperty({ type: [HistoryPointDto], description: 'Each entity\'s last reading at or before `at` within the lookback, ordered by id' })
  entities!: HistoryPointDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` (same fleet and at) for the next page; null on the last page', example: null })
  nextCursor!: string | null;
}
