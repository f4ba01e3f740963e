import { Module } from '@nestjs/common';
import { AmbulanceCallsController } from './ambulance-calls.controller';
import { AmbulanceCallsRepository } from './ambulance-calls.repository';
import { AmbulanceCallsService } from './ambulance-calls.service';

@Module({ controllers: [AmbulanceCallsController], providers: [AmbulanceCallsService, AmbulanceCallsRepository] })
export class AmbulanceCallsModule {}
