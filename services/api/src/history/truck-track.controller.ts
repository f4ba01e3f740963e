import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { HISTORY_LIMIT_DEFAULT, HISTORY_LIMIT_MAX, TRACKS_WINDOW_MAX_DAYS } from './history-query.schemas';
import { HistoryService } from './history.service';
import { parseTruckTrackQuery } from './truck-track-query.schema';
import { toTruckTrackResponse, TruckTrackResponseDto } from './truck-track-response.dto';

// Kept because the README has documented it since the first release, so scripts outside the repo may call it.
@ApiTags('trucks')
@Controller('trucks')
export class TruckTrackController {
  constructor(private readonly history: HistoryService) {}

  @Get(':truckId/track')
  @ApiOperation({
    summary: "One truck's readings between two times",
    description:
      `Readings with from <= t < to, ordered by (t, seq), in pages of \`limit\`. The window may span at most ${TRACKS_WINDOW_MAX_DAYS} days. ` +
      'Follow `nextCursor` until it is null. A truck that sent nothing in the window (or was never seen) gets 200 with no points. ' +
      'The same as `/api/history/tracks?fleet=trucks&ids={truckId}&shape=flat`, with the truck\'s properties inline; cursors work in both.',
  })
  @ApiParam({ name: 'truckId', description: '1-64 letters, digits or _.:-, starting with a letter or digit', example: 'truck-042' })
  @ApiQuery({ name: 'from', required: true, description: 'Window start (inclusive), ISO-8601 with a zone', schema: { type: 'string', format: 'date-time' }, example: '2025-05-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: true, description: `Window end (exclusive), ISO-8601 with a zone; after from, at most ${TRACKS_WINDOW_MAX_DAYS} days later`, schema: { type: 'string', format: 'date-time' }, example: '2025-05-01T01:00:00Z' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: HISTORY_LIMIT_MAX, default: HISTORY_LIMIT_DEFAULT } })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: '`nextCursor` of the previous page, unchanged' })
  @ApiOkResponse({ type: TruckTrackResponseDto, description: 'One page of the track' })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid; `fields` names each one' })
  @ApiServiceUnavailableResponse({ type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' })
  async track(@Param('truckId') truckId: string, @Query() query: Record<string, unknown>): Promise<TruckTrackResponseDto> {
    return toTruckTrackResponse(truckId, await this.history.findTracks(parseTruckTrackQuery(truckId, query)));
  }
}
