import { Module } from '@nestjs/common';
import { CorridorsController } from './corridors.controller';
import { CorridorsRepository } from './corridors.repository';
import { CorridorsService } from './corridors.service';

@Module({ controllers: [CorridorsController], providers: [CorridorsService, CorridorsRepository] })
export class CorridorsModule {}
