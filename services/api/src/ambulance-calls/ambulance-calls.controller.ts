import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { OPEN_CALL_MAX_AGE_HOURS } from './ambulance-calls.repository';
import { AmbulanceCallsService } from './ambulance-calls.service';
import { ambulanceTodayQuerySchema, parseAmbulanceTodayQuery } from './ambulance-today-query.schema';
import { AmbulanceTodayResponseDto } from './ambulance-today-response.dto';

@ApiTags('history')
@RequireRole('operator')
@Controller('history/ambulances')
export class AmbulanceCallsController {
  constructor(private readonly calls: AmbulanceCallsService) {}

  @Get('today')
  @ApiOperation({
    summary: "Today's emergency calls for the wall's ambulance tile",
    description:
      `Open calls (received within the ${OPEN_CALL_MAX_AGE_HOURS} hours up to \`at\`, not closed by then), and of the city's day holding \`at\` ` +
      '(local midnight in the city\'s time zone up to `at`): calls received, calls reached on scene, and the median and 90th percentile ' +
      'response time (received to on scene) of those, computed from the raw call events, not a roll-up, so the figures are current.',
  })
  @ApiQueryFromSchema(ambulanceTodayQuerySchema)
  @ApiOkResponse({ type: AmbulanceTodayResponseDto, description: 'The figures' })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is invalid; `fields` names each one' })
  @ApiServiceUnavailableResponse({ type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' })
  today(@Query() query: Record<string, unknown>): Promise<AmbulanceTodayResponseDto> {
    return this.calls.findToday(parseAmbulanceTodayQuery(query, new Date()));
  }
}
