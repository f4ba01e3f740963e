import { Module } from '@nestjs/common';
import { HistoryRepository } from '../history/history.repository';
import { ReplayController } from './replay.controller';
import { ReplayRepository } from './replay.repository';
import { ReplayService } from './replay.service';

// History's repository answers the state at an instant; replay adds the window reads.
@Module({ controllers: [ReplayController], providers: [ReplayService, ReplayRepository, HistoryRepository] })
export class ReplayModule {}
