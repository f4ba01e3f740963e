import { Module } from '@nestjs/common';
import { TrucksController } from './trucks.controller';
import { TrucksRepository } from './trucks.repository';
import { TrucksService } from './trucks.service';

@Module({ controllers: [TrucksController], providers: [TrucksService, TrucksRepository] })
export class TrucksModule {}
