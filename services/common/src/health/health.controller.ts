import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';

/** A named probe; resolves when the dependency answers, rejects otherwise. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, 'up' | string>;
}

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get()
  async health(): Promise<HealthReport> {
    const entries = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await c.check();
          return [c.name, 'up'] as const;
        } catch (error) {
          return [c.name, `down: ${(error as Error).message}`] as const;
        }
      }),
    );
    const report: HealthReport = {
      status: entries.every(([, state]) => state === 'up') ? 'ok' : 'degraded',
      checks: Object.fromEntries(entries),
    };
    if (report.status !== 'ok') throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
