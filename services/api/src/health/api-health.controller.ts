import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthController, type HealthReport } from '@urban-brain/common';
import { Public } from '../auth/route-access.decorator';

const HEALTH_REPORT_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    checks: { type: 'object', additionalProperties: { type: 'string' }, example: { database: 'up' } },
  },
};

// The shared probe, served at /health for supervisors and at /api/health beside the other routes
// (main.ts keeps both paths out of the global prefix). Subclassed only to document it.
@ApiTags('health')
@Public()
@Controller(['health', 'api/health'])
export class ApiHealthController extends HealthController {
  @Get()
  @ApiOperation({ summary: 'Liveness and database probe' })
  @ApiOkResponse({ description: 'Every dependency answered', schema: HEALTH_REPORT_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `checks` says which', schema: HEALTH_REPORT_SCHEMA })
  override health(): Promise<HealthReport> {
    return super.health();
  }
}
