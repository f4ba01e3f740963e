import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AlertEventsResponse, AlertPage, AlertSummary, DispatchCandidatesResponse } from '@urban-brain/proto';
import { requestOrigin, type AuthContext } from '../auth/auth-context';
import { CurrentAuth } from '../auth/current-auth.decorator';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { DomainError } from '../common/domain-error';
import { ConflictResponseDto, InvalidBodyResponseDto, InvalidQueryResponseDto, NotFoundResponseDto } from '../common/domain-error-response.dto';
import { parseBody } from '../common/request-body';
import { alertQuerySchema, parseAlertQuery } from './alert-query.schema';
import { alertIdSchema, alertNoteRequestSchema, assignAlertRequestSchema } from './alert-request.schemas';
import { AlertEventsResponseDto, AlertNoteRequestDto, AlertPageDto, AlertSummaryDto, AssignAlertRequestDto, DispatchCandidatesResponseDto } from './alert-response.dto';
import { AlertsService } from './alerts.service';

const NOT_FOUND = { type: NotFoundResponseDto, description: 'No such alert' };
const REFUSED = { type: ConflictResponseDto, description: 'The step does not apply to the alert as it is now (e.g. resolving a resolved one; acknowledged by someone else first, named)' };
const BAD_BODY = { type: InvalidBodyResponseDto, description: 'A field is invalid; `fields` names each one' };

function alertId(id: string): string {
  const parsed = alertIdSchema.safeParse(id);
  if (!parsed.success) throw DomainError.invalidQuery([{ field: 'id', problem: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  // The wall's ticker reads them too; working them is a dispatcher's.
  @RequireRole('operator')
  @ApiOperation({ summary: 'The alert queue: most severe, then newest first' })
  @ApiQueryFromSchema(alertQuerySchema)
  @ApiOkResponse({ type: AlertPageDto })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is invalid' })
  list(@Query() query: Record<string, unknown>): Promise<AlertPage> {
    return this.alerts.list(parseAlertQuery(query));
  }

  @Get(':id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertSummaryDto })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id') id: string): Promise<AlertSummary> {
    return this.alerts.get(alertId(id));
  }

  @Get(':id/events')
  @RequireRole('operator')
  @ApiOperation({ summary: "The alert's trail: raised, acknowledged, assigned, resolved..., with who and when" })
  @ApiOkResponse({ type: AlertEventsResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  events(@Param('id') id: string): Promise<AlertEventsResponse> {
    return this.alerts.events(alertId(id));
  }

  @Get(':id/candidates')
  @RequireRole('dispatcher')
  @ApiOperation({ summary: 'Vehicles to send, fastest first', description: 'Road-network ETA on the city pack\'s road graph from each vehicle\'s last position (boats: across the lake).' })
  @ApiOkResponse({ type: DispatchCandidatesResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  candidates(@Param('id') id: string): Promise<DispatchCandidatesResponse> {
    return this.alerts.candidates(alertId(id));
  }

  @Post(':id/acknowledge')
  @RequireRole('dispatcher')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Acknowledge an open alert' })
  @ApiOkResponse({ type: AlertSummaryDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED)
  acknowledge(@Param('id') id: string, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<AlertSummary> {
    return this.alerts.acknowledge(alertId(id), auth, requestOrigin(request));
  }

  @Post(':id/assign')
  @RequireRole('dispatcher')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Assign a vehicle or crew', description: 'A vehicle of trucks, boats or ambulances is sent there (a dispatch task on ub.dispatch.v1).' })
  @ApiBody({ type: AssignAlertRequestDto })
  @ApiOkResponse({ type: AlertSummaryDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED)
  assign(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<AlertSummary> {
    const { assignee, fleet } = parseBody(assignAlertRequestSchema, body);
    return this.alerts.assign(alertId(id), assignee, fleet, auth, requestOrigin(request));
  }

  @Post(':id/resolve')
  @RequireRole('dispatcher')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resolve, with a note' })
  @ApiBody({ type: AlertNoteRequestDto, required: false })
  @ApiOkResponse({ type: AlertSummaryDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED)
  resolve(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<AlertSummary> {
    const { note } = parseBody(alertNoteRequestSchema, body ?? {});
    return this.alerts.resolve(alertId(id), note, auth, requestOrigin(request));
  }

  @Post(':id/reopen')
  @RequireRole('dispatcher')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen a resolved alert' })
  @ApiBody({ type: AlertNoteRequestDto, required: false })
  @ApiOkResponse({ type: AlertSummaryDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED)
  reopen(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<AlertSummary> {
    const { note } = parseBody(alertNoteRequestSchema, body ?? {});
    return this.alerts.reopen(alertId(id), note, auth, requestOrigin(request));
  }
}
