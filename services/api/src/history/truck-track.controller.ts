import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { TRACKS_WINDOW_MAX_DAYS } from './history-query.schemas';
import { HistoryService } from './history.service';
import { parseTruckTrackQuery, truckIdSchema, truckTrackQuerySchema } from './truck-track-query.schema';
import { toTruckTrackResponse, TruckTrackResponseDto } from './truck-track-response.dto';

// Kept because the README has documented it since the first release, so scripts outside the repo may call it.
@ApiTags('trucks')
@RequireRole('operator')
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
  @ApiParam({ name: 'truckId', description: truckIdSchema.description, example: 'truck-042' })
  @ApiQueryFromSchema(truckTrackQuerySchema)
  @ApiOkResponse({ type: TruckTrackResponseDto, description: 'One page of the track' })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid; `fields` names each one' })
  @ApiServiceUnavailableResponse({ type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' })
  async track(@Param('truckId') truckId: string, @Query() query: Record<string, unknown>): Promise<TruckTrackResponseDto> {
    return toTruckTrackResponse(truckId, await this.history.findTracks(parseTruckTrackQuery(truckId, query)));
  }
}
