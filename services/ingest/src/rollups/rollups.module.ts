import { Module } from '@nestjs/common';
import { RollupRefreshJob } from './rollup-refresh.job';
import { RollupsRepository } from './rollups.repository';

/** The roll-up refresh and retention job; config, logger and pool come from the global CoreModule. */
@Module({
  providers: [RollupsRepository, RollupRefreshJob],
  exports: [RollupRefreshJob],
})
export class RollupsModule {}
