import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { parseTrackQuery, TRACK_LIMIT_DEFAULT, TRACK_LIMIT_MAX, TRACK_WINDOW_MAX_DAYS } from './track-query.dto';
import { TrackResponseDto } from './track-response.dto';
import { TrucksService } from './trucks.service';

@ApiTags('trucks')
@Controller('trucks')
export class TrucksController {
  constructor(private readonly trucks: TrucksService) {}

  @Get(':truckId/track')
  @ApiOperation({
    summary: "One truck's readings between two times",
    description:
      `Readings with from <= t < to, ordered by (t, seq), in pages of \`limit\`. The window may span at most ${TRACK_WINDOW_MAX_DAYS} days. ` +
      'Follow `nextCursor` until it is null. A truck that sent nothing in the window (or was never seen) gets 200 with no points.',
  })
  @ApiParam({ name: 'truckId', description: '1-64 letters, digits or _.:-, starting with a letter or digit', example: 'truck-042' })
  @ApiQuery({ name: 'from', required: true, description: 'Window start (inclusive), ISO-8601 with a zone', schema: { type: 'string', format: 'date-time' }, example: '2025-05-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: true, description: `Window end (exclusive), ISO-8601 with a zone; after from, at most ${TRACK_WINDOW_MAX_DAYS} days later`, schema: { type: 'string', format: 'date-time' }, example: '2025-05-01T01:00:00Z' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: TRACK_LIMIT_MAX, default: TRACK_LIMIT_DEFAULT } })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: '`nextCursor` of the previous page, unchanged' })
  @ApiOkResponse({ type: TrackResponseDto, description: 'One page of the track' })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid; `fields` names each one' })
  @ApiServiceUnavailableResponse({ type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' })
  track(@Param('truckId') truckId: string, @Query() query: Record<string, unknown>): Promise<TrackResponseDto> {
    return this.trucks.findTrack(parseTrackQuery(truckId, query));
  }
}
