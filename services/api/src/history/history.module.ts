import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';
import { TruckTrackController } from './truck-track.controller';

@Module({ controllers: [HistoryController, TruckTrackController], providers: [HistoryService, HistoryRepository] })
export class HistoryModule {}
