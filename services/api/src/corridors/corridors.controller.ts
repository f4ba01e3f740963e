import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { corridorListResponseSchema, timeSpaceResponseSchema, type CorridorListResponse, type TimeSpaceResponse } from '@urban-brain/proto';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto, NotFoundResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { responseSchemaOf } from '../common/response-schema.openapi';
import { DETECTOR_UPSTREAM_M, PASS_RULES } from './corridor-passes';
import { CORRIDOR_FLEETS } from './corridors.repository';
import { CorridorsService } from './corridors.service';
import { parseTimeSpaceQuery, TIME_SPACE_WINDOW_MAX_HOURS, timeSpaceQuerySchema } from './time-space-query.schema';

@ApiTags('corridors')
// The wall's operators open a corridor's diagram from the map; engineers open it in replay.
@RequireRole('operator')
@Controller('corridors')
export class CorridorsController {
  constructor(private readonly corridors: CorridorsService) {}

  @Get()
  @ApiOperation({ summary: "The city's green-wave corridors: names (en, zh), length, intersections, cycle, design speed and design travel time" })
  @ApiOkResponse({ description: 'Every corridor of the city pack', schema: responseSchemaOf(corridorListResponseSchema) })
  list(): CorridorListResponse {
    return this.corridors.list();
  }

  @Get(':corridorId/time-space')
  @ApiOperation({
    summary: "A corridor's time-space diagram over a window: signal phases, the designed green band, vehicle trajectories and the figures",
    description:
      `The window may span at most ${TIME_SPACE_WINDOW_MAX_HOURS} hours. Each intersection's through-movement phases as intervals clipped to the ` +
      'window (green, amber, red, dark); the designed green bands (offsets counted from the epoch at the design speed, as wide as the shortest ' +
      `median green); the ${CORRIDOR_FLEETS.join(' and ')} that drove the corridor, their fixes projected onto its line (within ` +
      `${PASS_RULES.maxOffsetM} m of it, runs of at least ${PASS_RULES.minCoveredM} m in one direction) as (epoch ms, metres) series. ` +
      'Figures: the bandwidth the signals gave (seconds per cycle a vehicle at the design speed meets green everywhere), arrivals on green ' +
      `(judged ${DETECTOR_UPSTREAM_M} m upstream of each stop line, as an advance detector does), stops per vehicle and travel time against ` +
      "the design; `observed` is the corridor's own detector windows (the corridor-observations stream) with the alert's verdict on them.",
  })
  @ApiParam({ name: 'corridorId', description: 'A corridor id of the city pack', example: 'corridor:hanan-central' })
  @ApiQueryFromSchema(timeSpaceQuerySchema)
  @ApiOkResponse({ description: 'The diagram', schema: responseSchemaOf(timeSpaceResponseSchema) })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid, or the window is over the limit; `fields` names each one' })
  @ApiNotFoundResponse({ type: NotFoundResponseDto, description: 'No such corridor' })
  @ApiServiceUnavailableResponse({ type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' })
  timeSpace(@Param('corridorId') corridorId: string, @Query() query: Record<string, unknown>): Promise<TimeSpaceResponse> {
    return this.corridors.timeSpace(corridorId, parseTimeSpaceQuery(query));
  }
}
