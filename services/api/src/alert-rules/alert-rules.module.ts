import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AlertRulesClient } from './alert-rules.client';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesRepository } from './alert-rules.repository';

@Module({
  imports: [AuditModule],
  controllers: [AlertRulesController],
  providers: [AlertRulesClient, AlertRulesRepository],
})
export class AlertRulesModule {}
