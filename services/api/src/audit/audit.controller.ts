import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { AuditEntry, AuditPage } from '@urban-brain/proto';
import { RequireRole } from '../auth/route-access.decorator';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto } from '../common/domain-error-response.dto';
import { auditQuerySchema, parseAuditQuery } from './audit-query.schema';
import { AuditService } from './audit.service';

@ApiSchema({ name: 'AuditEntry' })
class AuditEntryDto implements AuditEntry {
  @ApiProperty({ example: '1042' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'admin' })
  actor!: string;

  @ApiProperty({ example: 'user.update' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: 'dispatcher' })
  target!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { disabled: true } })
  detail!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, example: '10.0.4.17' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;
}

@ApiSchema({ name: 'AuditPage' })
class AuditPageDto implements AuditPage {
  @ApiProperty({ type: [AuditEntryDto] })
  entries!: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next (older) page; null on the last' })
  nextBefore!: string | null;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'The audit log, newest first', description: 'Every state-changing action: sign-ins (and failed ones), sign-outs, user changes; later alert steps and rule edits.' })
  @ApiQueryFromSchema(auditQuerySchema)
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: InvalidQueryResponseDto, description: 'A parameter is invalid; `fields` names each one' })
  page(@Query() query: Record<string, unknown>): Promise<AuditPage> {
    return this.audit.page(parseAuditQuery(query));
  }
}
