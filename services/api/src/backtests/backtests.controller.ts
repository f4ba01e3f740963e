import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { BacktestProgress, BacktestResult } from '@urban-brain/proto';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { requestOrigin, type AuthContext } from '../auth/auth-context';
import { CurrentAuth } from '../auth/current-auth.decorator';
import { RequireRole } from '../auth/route-access.decorator';
import { DomainError } from '../common/domain-error';
import { ConflictResponseDto, InvalidBodyResponseDto, NotFoundResponseDto, ServiceUnavailableResponseDto, ThrottledResponseDto } from '../common/domain-error-response.dto';
import { parseBody } from '../common/request-body';
import { backtestRequestSchema } from './backtest-request.schema';
import { BacktestsClient } from './backtests.client';

class BacktestRequestDto {
  @ApiProperty({ description: "'current' (the rule set in force) or a draft rule set as YAML (format: services/alerting/src/rules/rule-set.ts)", example: 'current' }) ruleSet!: string;
  @ApiProperty({ description: "The window's start, ISO 8601", example: '2026-12-02T08:00:00Z' }) from!: string;
  @ApiProperty({ description: "The window's end; at most the fleet topics' retention after from (7 days by default)", example: '2026-12-02T12:00:00Z' }) to!: string;
  @ApiProperty({ required: false, type: [String], description: 'Only these fleet streams\' rules; all when absent', example: ['boat-readings'] }) streams?: string[];
  @ApiProperty({ required: false, enum: ['auto', 'kafka', 'database'], description: 'Where the records come from: auto (the topics while they hold the window, else the stored rows)' }) source?: string;
}

const UNAVAILABLE = { type: ServiceUnavailableResponseDto, description: 'The rules service cannot be reached' };
const NOT_FOUND = { type: NotFoundResponseDto, description: 'BACKTEST_NOT_FOUND (the last 20 are kept)' };

/**
 * Backtests of alert rules over a recorded window, run by the rules service in dry-run (it never
 * writes the alert tables or topics); engineers and up. Starting one is in the audit log.
 */
@ApiTags('backtests')
@Controller('backtests')
export class BacktestsController {
  constructor(
    private readonly client: BacktestsClient,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @RequireRole('engineer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run a rule set (the one in force or a draft) over a recorded window, dry-run', description: 'Answers at once with the id; follow GET /api/backtests/{id}. Recorded in the audit log (backtest.start).' })
  @ApiBody({ type: BacktestRequestDto })
  @ApiAcceptedResponse({ description: '{ id }' })
  @ApiBadRequestResponse({ type: InvalidBodyResponseDto, description: 'INVALID_BODY naming the field (a window over the limit names it), or INVALID_RULES naming the draft\'s rule and field' })
  @ApiTooManyRequestsResponse({ type: ThrottledResponseDto, description: 'BACKTEST_BUSY: as many backtests as the machine runs at once are running' })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async start(@Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<{ id: string }> {
    const parsed = parseBody(backtestRequestSchema, body);
    const { id } = await this.client.start(parsed);
    const ruleSet = parsed.ruleSet.trim() === 'current' ? 'current' : 'draft';
    await this.audit.record({ actor: auth.user.username, actorUserId: auth.user.id, action: 'backtest.start', target: `backtest:${id}`, detail: { ruleSet, from: parsed.from, to: parsed.to, streams: parsed.streams ?? null }, origin: requestOrigin(request) });
    return { id };
  }

  @Get(':id')
  @RequireRole('engineer')
  @ApiOperation({ summary: 'Progress: state (running, done, failed, cancelled), events read, position in the window, the source of each stream' })
  @ApiOkResponse({ description: 'BacktestProgress (proto/src/backtests.ts)' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  progress(@Param('id') id: string): Promise<BacktestProgress> {
    return this.client.progress(checkedId(id));
  }

  @Get(':id/result')
  @RequireRole('engineer')
  @ApiOperation({ summary: 'The alerts that would have fired, and the diff against the ones the live service stored (added, removed, changed)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'csv: one row per alert, downloadable' })
  @ApiOkResponse({ description: 'BacktestResult (proto/src/backtests.ts), or text/csv' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ConflictResponseDto, description: 'BACKTEST_NOT_DONE: still running, failed or cancelled' })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async result(@Param('id') id: string, @Query('format') format: string | undefined, @Res({ passthrough: true }) response: Response): Promise<BacktestResult | string> {
    if (format !== undefined && format !== 'json' && format !== 'csv') throw DomainError.invalidQuery([{ field: 'format', problem: 'must be json or csv' }]);
    if (format !== 'csv') return this.client.result(checkedId(id));
    const csv = await this.client.resultCsv(checkedId(id));
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="backtest-${id}.csv"`);
    return csv;
  }

  @Delete(':id')
  @RequireRole('engineer')
  @ApiOperation({ summary: 'Cancel a running backtest (a finished one stays as it is)' })
  @ApiOkResponse({ description: 'BacktestProgress' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  cancel(@Param('id') id: string): Promise<BacktestProgress> {
    return this.client.cancel(checkedId(id));
  }
}

function checkedId(id: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw DomainError.invalidQuery([{ field: 'id', problem: 'must be a backtest id (a UUID)' }]);
  return id;
}
