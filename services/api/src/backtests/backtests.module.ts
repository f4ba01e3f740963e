import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BacktestsClient } from './backtests.client';
import { BacktestsController } from './backtests.controller';

@Module({
  imports: [AuditModule],
  controllers: [BacktestsController],
  providers: [BacktestsClient],
})
export class BacktestsModule {}
