import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { UsersRepository } from './users.repository';

/**
 * In production there are no demo logins: a database that a demo run (`npm start`) seeded has its
 * demo accounts disabled at the api's start, and says so. Without any admin the log says how to
 * make the first one.
 */
@Injectable()
export class ProductionAccountsLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProductionAccountsLifecycle.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'UB_DEPLOYMENT'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.UB_DEPLOYMENT !== 'production') return;
    const disabled = await this.users.disableDemoUsers();
    if (disabled.length > 0) {
      this.logger.warn(`production: disabled the demo logins ${disabled.join(', ')}`);
      for (const username of disabled) await this.audit.record({ actor: 'api', action: 'user.update', target: username, detail: { disabled: true, reason: 'demo login in production' } });
    }
    if ((await this.users.countAdmins()) === 0) {
      this.logger.warn('production: there is no admin yet; create the first with `scripts/users.sh create-admin <username>`');
    }
  }
}
