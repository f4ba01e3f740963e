import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import type { ApiConfig } from '../config/api.config';
import { UsersModule } from '../users/users.module';
import { AUTH_CLOCK, AUTH_OPTIONS, type AuthOptions } from './auth-options';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { ExpiredSessionsJob } from './expired-sessions.job';
import { SessionsRepository } from './sessions.repository';

export function authOptionsOf(config: ApiConfig): AuthOptions {
  return {
    accessTtlMs: config.AUTH_ACCESS_TTL_S * 1000,
    refreshTtlMs: { browser: config.AUTH_REFRESH_TTL_S * 1000, script: config.AUTH_REFRESH_TTL_S * 1000, device: config.AUTH_DEVICE_REFRESH_TTL_S * 1000 },
    secureCookies: config.AUTH_COOKIE_SECURE === 'auto' ? config.UB_DEPLOYMENT === 'production' : config.AUTH_COOKIE_SECURE === 'true',
  };
}

/** Sessions and the guard every route passes (APP_GUARD): a route is public only when it says so. */
@Module({})
export class AuthModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [UsersModule, AuditModule],
      controllers: [AuthController],
      providers: [
        AuthService,
        SessionsRepository,
        ExpiredSessionsJob,
        { provide: AUTH_OPTIONS, useValue: authOptionsOf(config) },
        { provide: AUTH_CLOCK, useValue: Date.now },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      // The options and clock too: the single sign-on controller sets the same session cookies.
      exports: [AuthService, AUTH_OPTIONS, AUTH_CLOCK],
    };
  }
}
