import { type DynamicModule, Module } from '@nestjs/common';
import { databaseHealthCheck, HEALTH_CHECKS, HealthController, type HealthCheck, type Logger } from '@urban-brain/common';
import type { Pool } from 'pg';
import { BacktestController } from './backtest/backtest.controller';
import { BacktestService } from './backtest/backtest.service';
import { FleetRowsRepository } from './backtest/fleet-rows.repository';
import { StoredAlertsRepository } from './backtest/stored-alerts.repository';
import type { AlertingConfig } from './config/alerting.config';
import { CoreModule } from './core/core.module';
import { PG_POOL } from './core/core.tokens';
import { AlertEvaluationService } from './evaluation/alert-evaluation.service';
import { FleetStreamsConsumer } from './evaluation/fleet-streams.consumer';
import { RulesController } from './rules/rules.controller';
import { RuleSourceService } from './rules/rule-source.service';
import { AlertsRepository } from './store/alerts.repository';

@Module({})
export class AppModule {
  static register(config: AlertingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger)],
      controllers: [HealthController, RulesController, BacktestController],
      providers: [
        AlertsRepository,
        RuleSourceService,
        AlertEvaluationService,
        FleetStreamsConsumer,
        BacktestService,
        FleetRowsRepository,
        StoredAlertsRepository,
        {
          provide: HEALTH_CHECKS,
          useFactory: (consumer: FleetStreamsConsumer, pool: Pool): HealthCheck[] => [consumer.healthCheck, databaseHealthCheck(pool)],
          inject: [FleetStreamsConsumer, PG_POOL],
        },
      ],
    };
  }
}
