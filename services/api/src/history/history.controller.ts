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
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { STATE_LOOKBACK_TEXT } from './history-fleet';
import {
  EXPORT_WINDOW_MAX_HOURS,
  exportQuerySchema,
  KPI_BUCKETS,
  kpisQuerySchema,
  parseExportQuery,
  parseKpisQuery,
  parseStateQuery,
  parseTracksQuery,
  stateQuerySchema,
  TRACKS_IDS_MAX,
  TRACKS_WINDOW_MAX_DAYS,
  tracksQuerySchema,
} from './history-query.schemas';
import { HistoryPointDto, HistorySampleDto, KpiSeriesResponseDto, StateResponseDto, TracksResponseDto } from './history-response.dto';
import { HistoryService } from './history.service';

const BAD_REQUEST = { type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid; `fields` names each one' };
const UNAVAILABLE = { type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' };

@ApiTags('history')
@ApiExtraModels(HistorySampleDto, HistoryPointDto)
@Controller('history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('tracks')
  // The wall's entity panel draws a vehicle's recent track.
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Tracks of one or many entities between two times',
    description:
      `Readings with from <= t < to of up to ${TRACKS_IDS_MAX} entities, ordered by (id, t, seq), in pages of \`limit\` points; ` +
      `the window may span at most ${TRACKS_WINDOW_MAX_DAYS} days. With \`every\`, one point per entity per bucket of that many seconds: ` +
      'the last reading in the bucket. `shape=grouped` (default) answers `tracks: [{id, points}]`, `shape=flat` answers `points` each with its id; ' +
      'an entity\'s track may continue on the next page. Follow `nextCursor` until it is null.',
  })
  @ApiQueryFromSchema(tracksQuerySchema)
  @ApiOkResponse({ type: TracksResponseDto, description: 'One page of the tracks' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  tracks(@Query() query: Record<string, unknown>): Promise<TracksResponseDto> {
    return this.history.findTracks(parseTracksQuery(query));
  }

  @Get('kpis')
  // The wall's tonnage tile reads the day's series.
  @RequireRole('operator')
  @ApiOperation({
    summary: 'KPI time series of a fleet',
    description:
      'One entry per bucket from the bucket holding `from` to the last one starting before `to`, empty buckets included, so charts do not jump. ' +
      'Served from the 1-minute / 1-hour roll-ups, so the bucket still in progress reads as empty until it is rolled up. ' +
      `The window may span at most ${KPI_BUCKETS['1m'].windowMaxDays} days with 1m buckets, ${KPI_BUCKETS['1h'].windowMaxDays} with 1h. Not paginated: the window bounds the size. ` +
      'Ambulances have 1h buckets only (their calls are rolled up by the hour); their response-time percentiles (p50, p90) are computed ' +
      'from the raw ON_SCENE call events of each bucket the roll-up holds, not from a roll-up.',
  })
  @ApiQueryFromSchema(kpisQuerySchema)
  @ApiOkResponse({ type: KpiSeriesResponseDto, description: 'The series' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  kpis(@Query() query: Record<string, unknown>): Promise<KpiSeriesResponseDto> {
    return this.history.findKpis(parseKpisQuery(query));
  }

  @Get('state')
  @RequireRole('engineer')
  @ApiOperation({
    summary: 'The state of every entity of a fleet at an instant (replay seek)',
    description:
      `Each entity's last reading at or before \`at\`, if it has one within the fleet's lookback (seconds: ${STATE_LOOKBACK_TEXT}); ` +
      'entities silent for longer are absent. Ordered by id, in pages of `limit`; follow `nextCursor` until it is null.',
  })
  @ApiQueryFromSchema(stateQuerySchema)
  @ApiOkResponse({ type: StateResponseDto, description: 'One page of entities' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  state(@Query() query: Record<string, unknown>): Promise<StateResponseDto> {
    return this.history.findStateAt(parseStateQuery(query));
  }

  @Get('export')
  @RequireRole('engineer')
  @ApiOperation({
    summary: "Export a fleet's readings in a window as CSV or GeoJSON",
    description:
      `Every reading with from <= t < to, ordered by (id, t, seq), streamed as it is read; the window may span at most ${EXPORT_WINDOW_MAX_HOURS} hours. ` +
      'CSV: a header line (id, t, seq, lon, lat, then the fleet\'s properties), CRLF line ends. GeoJSON: a FeatureCollection of Points whose properties ' +
      'carry id, t, seq and the fleet\'s properties. Sent as an attachment with a file name.',
  })
  @ApiQueryFromSchema(exportQuerySchema)
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
