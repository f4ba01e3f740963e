import { describe, expect, it } from 'vitest';
import type { AmbulanceCallsRepository, AmbulanceDayRow } from './ambulance-calls.repository';
import { AmbulanceCallsService } from './ambulance-calls.service';

describe('AmbulanceCallsService.findToday', () => {
  it("asks for the day in the city's time zone and answers with the instant, the zone and the day's start", async () => {
    const asked: [Date, string][] = [];
    const row: AmbulanceDayRow = {
      dayStart: '2025-04-30T16:00:00.000000Z',
      openCalls: 3,
      callsReceived: 14,
      callsOnScene: 12,
      responseP50S: 241.5,
      responseP90S: null,
    };
    const repository: Pick<AmbulanceCallsRepository, 'findDay'> = {
      findDay: async (at, timeZone) => {
        asked.push([at, timeZone]);
        return row;
      },
    };
    const service = new AmbulanceCallsService(repository as AmbulanceCallsRepository);
    const at = new Date('2025-05-01T02:30:00Z');
    expect(await service.findToday({ at })).toEqual({
      at: '2025-05-01T02:30:00.000Z',
      timeZone: 'Asia/Shanghai',
      dayStart: '2025-04-30T16:00:00.000Z',
      openCalls: 3,
      callsReceivedToday: 14,
      callsOnSceneToday: 12,
      responseP50S: 241.5,
      responseP90S: null,
    });
    expect(asked).toEqual([[at, 'Asia/Shanghai']]);
  });
});
