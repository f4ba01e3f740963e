import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import { requestOrigin, type AuthContext } from '../auth/auth-context';
import { CurrentAuth } from '../auth/current-auth.decorator';
import { RequireRole } from '../auth/route-access.decorator';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { InvalidBodyResponseDto, NotFoundResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { parseBody } from '../common/request-body';
import { AlertRulesClient } from './alert-rules.client';
import { AlertRulesRepository, type StoredRuleSet } from './alert-rules.repository';

// A rule set is a few kB of YAML; 256 kB is far beyond any city's.
const yamlSchema = z.string({ required_error: 'is required: the rule set as YAML text' }).min(1, 'must not be empty').max(256 * 1024, 'must be at most 256 kB');
const draftSchema = z.object({ yaml: yamlSchema });
const storeSchema = z.object({ yaml: yamlSchema, note: z.string().trim().max(500, 'must be at most 500 characters').optional() });

class RuleSetDraftDto {
  @ApiProperty({ description: 'The rule set as YAML (format: services/alerting/src/rules/rule-set.ts)' }) yaml!: string;
}
class StoreRuleSetDto extends RuleSetDraftDto {
  @ApiProperty({ required: false, example: 'lower the boat battery threshold to 15 %' }) note?: string;
}

const INVALID_RULES = { type: InvalidBodyResponseDto, description: 'INVALID_RULES: `fields` lists every problem, each naming the rule and field' };
const UNAVAILABLE = { type: ServiceUnavailableResponseDto, description: 'The rules service cannot be reached' };

@ApiTags('alert rules')
@Controller('alert-rules')
export class AlertRulesController {
  constructor(
    private readonly client: AlertRulesClient,
    private readonly rules: AlertRulesRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequireRole('engineer')
  @ApiOperation({ summary: 'The rule set in force (version 0 is the default file) and every stored version' })
  @ApiOkResponse({ description: '{ inForce: { version, yaml }, versions: [{ version, createdAt, createdBy, note }] }' })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async list(): Promise<{ inForce: { version: number; yaml: string }; versions: StoredRuleSet[] }> {
    return { inForce: await this.client.inForce(), versions: await this.rules.versions() };
  }

  @Get(':version')
  @RequireRole('engineer')
  @ApiOperation({ summary: 'One stored version, as written' })
  @ApiOkResponse({ description: '{ version, yaml, createdAt, createdBy, note }' })
  @ApiNotFoundResponse({ type: NotFoundResponseDto })
  async get(@Param('version') version: string): Promise<StoredRuleSet & { yaml: string }> {
    const number = Number(version);
    if (!/^\d{1,9}$/.test(version) || number < 1) throw DomainError.invalidQuery([{ field: 'version', problem: 'must be a stored version number (1 or more)' }]);
    const found = await this.rules.find(number);
    if (!found) throw new DomainError(DomainErrorCode.RULE_SET_NOT_FOUND, `No stored rule set version ${number}`);
    return found;
  }

  @Post('validate')
  @RequireRole('engineer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Check a draft with the rules service\'s own parser and city pack (nothing stored)' })
  @ApiBody({ type: RuleSetDraftDto })
  @ApiOkResponse({ description: '{ rules: <how many> }' })
  @ApiBadRequestResponse(INVALID_RULES)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  validate(@Body() body: unknown): Promise<{ rules: number }> {
    return this.client.validate(parseBody(draftSchema, body).yaml);
  }

  @Put()
  @RequireRole('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Store a new version; the rules service applies it within seconds, without a restart', description: 'Checked first; a refused set is not stored. The edit is in the audit log (rules.update).' })
  @ApiBody({ type: StoreRuleSetDto })
  @ApiCreatedResponse({ description: '{ version, rules }' })
  @ApiBadRequestResponse(INVALID_RULES)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async store(@Body() body: unknown, @CurrentAuth() auth: AuthContext, @Req() request: Request): Promise<{ version: number; rules: number }> {
    const { yaml, note } = parseBody(storeSchema, body);
    const { rules } = await this.client.validate(yaml);
    const version = await this.rules.store(yaml, auth.user.username, note ?? null);
    await this.audit.record({ actor: auth.user.username, actorUserId: auth.user.id, action: 'rules.update', target: `rule-set:${version}`, detail: { rules, note: note ?? null }, origin: requestOrigin(request) });
    return { version, rules };
  }
}
