import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import type { ApiConfig } from '../../config/api.config';
import { UsersModule } from '../../users/users.module';
import { OidcIssuerClient } from './oidc-issuer.client';
import { OIDC_OPTIONS, oidcOptionsOf } from './oidc-options';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

/**
 * Single sign-on with the city's identity provider. Always registered: GET /api/auth/oidc tells the
 * sign-in page whether it is on. `auth` is the app's AuthModule (the same instance, not a second one).
 */
@Module({})
export class OidcModule {
  static register(config: ApiConfig, auth: DynamicModule): DynamicModule {
    return {
      module: OidcModule,
      imports: [auth, UsersModule, AuditModule],
      controllers: [OidcController],
      providers: [OidcService, OidcIssuerClient, { provide: OIDC_OPTIONS, useValue: oidcOptionsOf(config) }],
    };
  }
}
