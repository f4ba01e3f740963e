import { type DynamicModule, Module } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { APP_FILTER } from '@nestjs/core';
import { AlertRulesModule } from './alert-rules/alert-rules.module';
import { AlertsModule } from './alerts/alerts.module';
import { AmbulanceCallsModule } from './ambulance-calls/ambulance-calls.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BacktestsModule } from './backtests/backtests.module';
import { OidcModule } from './auth/oidc/oidc.module';
import { CityModule } from './city/city.module';
import { CorridorsModule } from './corridors/corridors.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { API_CONFIG, type ApiConfig } from './config/api.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { LiveTokenModule } from './live-token/live-token.module';
import { ReplayModule } from './replay/replay.module';
import { ProductionAccountsLifecycle } from './users/production-accounts.lifecycle';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static register(config: ApiConfig, cityPack: CityPack): DynamicModule {
    const auth = AuthModule.register(config);
    return {
      module: AppModule,
      // Global: API_CONFIG for every feature module that reads a setting (the alert rules' client).
      global: true,
      imports: [
        DatabaseModule.register(config),
        auth,
        OidcModule.register(config, auth),
        UsersModule,
        AuditModule,
        AlertsModule,
        AlertRulesModule,
        BacktestsModule,
        HealthModule,
        CityModule.register(cityPack),
        HistoryModule,
        AmbulanceCallsModule,
        CorridorsModule,
        ReplayModule,
        LiveTokenModule.register(config),
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        // Here, beside the config it reads: production disables the demo logins at start.
        ProductionAccountsLifecycle,
      ],
      exports: [API_CONFIG],
    };
  }
}
