import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { KPI_FLEETS, POSITION_FLEETS } from './history-fleet';
import {
  EXPORT_FORMATS,
  EXPORT_WINDOW_MAX_HOURS,
  HISTORY_LIMIT_DEFAULT,
  HISTORY_LIMIT_MAX,
  KPI_BUCKETS,
  parseExportQuery,
  parseKpisQuery,
  parseStateQuery,
  parseTracksQuery,
  TRACK_SHAPES,
  TRACKS_EVERY_MAX_SECONDS,
  TRACKS_IDS_MAX,
  TRACKS_WINDOW_MAX_DAYS,
} from './history-query.schemas';
import { HistoryPointDto, HistorySampleDto, KpiSeriesResponseDto, StateResponseDto, TracksResponseDto } from './history-response.dto';
import { HistoryService } from './history.service';

const TIME = { type: 'string', format: 'date-time' } as const;
const BAD_REQUEST = { type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid; `fields` names each one' };
const UNAVAILABLE = { type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' };
const LIMIT = { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: HISTORY_LIMIT_MAX, default: HISTORY_LIMIT_DEFAULT } } as const;
const CURSOR = { name: 'cursor', required: false, type: String, description: '`nextCursor` of the previous page, unchanged, with the same other parameters' };

@ApiTags('history')
@ApiExtraModels(HistorySampleDto, HistoryPointDto)
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('tracks')
  @ApiOperation({
    summary: 'Tracks of one or many entities between two times',
    description:
      `Readings with from <= t < to of up to ${TRACKS_IDS_MAX} entities, ordered by (id, t, seq), in pages of \`limit\` points; ` +
      `the window may span at most ${TRACKS_WINDOW_MAX_DAYS} days. With \`every\`, one point per entity per bucket of that many seconds: ` +
      'the last reading in the bucket. `shape=grouped` (default) answers `tracks: [{id, points}]`, `shape=flat` answers `points` each with its id; ' +
      'an entity\'s track may continue on the next page. Follow `nextCursor` until it is null.',
  })
  @ApiQuery({ name: 'fleet', required: true, enum: POSITION_FLEETS })
  @ApiQuery({ name: 'ids', required: true, description: `Comma-separated entity ids, 1 to ${TRACKS_IDS_MAX}`, example: 'truck-001,truck-002' })
  @ApiQuery({ name: 'from', required: true, description: 'Window start (inclusive), ISO-8601 with a zone', schema: TIME, example: '2025-05-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: true, description: `Window end (exclusive); after from, at most ${TRACKS_WINDOW_MAX_DAYS} days later`, schema: TIME, example: '2025-05-01T01:00:00Z' })
  @ApiQuery({ name: 'every', required: false, description: 'Downsample: one point per entity per this many seconds', schema: { type: 'integer', minimum: 1, maximum: TRACKS_EVERY_MAX_SECONDS } })
  @ApiQuery(LIMIT)
  @ApiQuery(CURSOR)
  @ApiQuery({ name: 'shape', required: false, enum: TRACK_SHAPES, description: 'grouped (default): per entity; flat: one list' })
  @ApiOkResponse({ type: TracksResponseDto, description: 'One page of the tracks' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  tracks(@Query() query: Record<string, unknown>): Promise<TracksResponseDto> {
    return this.history.findTracks(parseTracksQuery(query));
  }

  @Get('kpis')
  @ApiOperation({
    summary: 'KPI time series of a fleet',
    description:
      'One entry per bucket from the bucket holding `from` to the last one starting before `to`, empty buckets included, so charts do not jump. ' +
      'Served from the 1-minute / 1-hour roll-ups, so the bucket still in progress reads as empty until it is rolled up. ' +
      `The window may span at most ${KPI_BUCKETS['1m'].windowMaxDays} days with 1m buckets, ${KPI_BUCKETS['1h'].windowMaxDays} with 1h. Not paginated: the window bounds the size.`,
  })
  @ApiQuery({ name: 'fleet', required: true, enum: KPI_FLEETS })
  @ApiQuery({ name: 'bucket', required: true, enum: Object.keys(KPI_BUCKETS) })
  @ApiQuery({ name: 'from', required: true, description: 'Window start, ISO-8601 with a zone (rounded down to the bucket)', schema: TIME, example: '2025-05-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: true, description: 'Window end (exclusive), ISO-8601 with a zone', schema: TIME, example: '2025-05-01T01:00:00Z' })
  @ApiOkResponse({ type: KpiSeriesResponseDto, description: 'The series' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  kpis(@Query() query: Record<string, unknown>): Promise<KpiSeriesResponseDto> {
    return this.history.findKpis(parseKpisQuery(query));
  }

  @Get('state')
  @ApiOperation({
    summary: 'The state of every entity of a fleet at an instant (replay seek)',
    description:
      "Each entity's last reading at or before `at`, if it has one within the lookback (trucks and boats 10 minutes, bikes 24 hours); " +
      'entities silent for longer are absent. Ordered by id, in pages of `limit`; follow `nextCursor` until it is null.',
  })
  @ApiQuery({ name: 'fleet', required: true, enum: POSITION_FLEETS })
  @ApiQuery({ name: 'at', required: true, description: 'The instant, ISO-8601 with a zone', schema: TIME, example: '2025-05-01T08:30:00Z' })
  @ApiQuery(LIMIT)
  @ApiQuery(CURSOR)
  @ApiOkResponse({ type: StateResponseDto, description: 'One page of entities' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  state(@Query() query: Record<string, unknown>): Promise<StateResponseDto> {
    return this.history.findStateAt(parseStateQuery(query));
  }

  @Get('export')
  @ApiOperation({
    summary: "Export a fleet's readings in a window as CSV or GeoJSON",
    description:
      `Every reading with from <= t < to, ordered by (id, t, seq), streamed as it is read; the window may span at most ${EXPORT_WINDOW_MAX_HOURS} hours. ` +
      'CSV: a header line (id, t, seq, lon, lat, then the fleet\'s properties), CRLF line ends. GeoJSON: a FeatureCollection of Points whose properties ' +
      'carry id, t, seq and the fleet\'s properties. Sent as an attachment with a file name.',
  })
  @ApiQuery({ name: 'fleet', required: true, enum: POSITION_FLEETS })
  @ApiQuery({ name: 'from', required: true, description: 'Window start (inclusive), ISO-8601 with a zone', schema: TIME, example: '2025-05-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: true, description: `Window end (exclusive); after from, at most ${EXPORT_WINDOW_MAX_HOURS} hours later`, schema: TIME, example: '2025-05-01T01:00:00Z' })
  @ApiQuery({ name: 'format', required: true, enum: EXPORT_FORMATS })
  @ApiProduces('text/csv', 'application/geo+json')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async export(@Query() query: Record<string, unknown>, @Res() res: ServerResponse): Promise<void> {
    const file = await this.history.openExport(parseExportQuery(query));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    try {
      // pipeline waits for the client to drain each chunk and stops reading batches if it goes away.
      await pipeline(Readable.from(file.chunks), res);
    } catch (error) {
      // Once the body has begun, a status can no longer be sent: cutting the connection tells the client the file is incomplete.
      if (!res.headersSent) throw error;
      res.destroy();
    }
  }
}
