import { Module } from '@nestjs/common';
import { BackfillController } from './backfill.controller';
import { BackfillService } from './backfill.service';

/** The past before going live (SIM_BACKFILL): its progress on /backfill and in the logs. The fleets' runners do the work. */
@Module({ controllers: [BackfillController], providers: [BackfillService] })
export class BackfillModule {}
