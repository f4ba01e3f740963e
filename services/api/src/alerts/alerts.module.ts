import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AUTH_CLOCK } from '../auth/auth-options';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { DispatchCandidatesService } from './dispatch-candidates.service';

@Module({
  imports: [AuditModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, DispatchCandidatesService, { provide: AUTH_CLOCK, useValue: Date.now }],
})
export class AlertsModule {}
