import { Controller, Get } from '@nestjs/common';
import { BackfillService, type BackfillReport } from './backfill.service';

@Controller('backfill')
export class BackfillController {
  constructor(private readonly backfill: BackfillService) {}

  @Get()
  report(): BackfillReport {
    return this.backfill.report();
  }
}
