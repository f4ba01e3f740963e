import { Injectable } from '@nestjs/common';
import { CITY_TIME_ZONE } from '../city/city-time-zone';
import type { AmbulanceTodayQuery } from './ambulance-today-query.schema';
import type { AmbulanceTodayResponseDto } from './ambulance-today-response.dto';
import { AmbulanceCallsRepository } from './ambulance-calls.repository';

@Injectable()
export class AmbulanceCallsService {
  constructor(private readonly calls: AmbulanceCallsRepository) {}

  /** What the wall's ambulance tile shows: open calls, and today's calls and response times, at the instant. */
  async findToday(query: AmbulanceTodayQuery): Promise<AmbulanceTodayResponseDto> {
    const day = await this.calls.findDay(query.at, CITY_TIME_ZONE);
    return {
      at: query.at.toISOString(),
      timeZone: CITY_TIME_ZONE,
      dayStart: new Date(day.dayStart).toISOString(),
      openCalls: day.openCalls,
      callsReceivedToday: day.callsReceived,
      callsOnSceneToday: day.callsOnScene,
      responseP50S: day.responseP50S,
      responseP90S: day.responseP90S,
    };
  }
}
