import { BoatTaskState, TaskState } from '@urban-brain/proto';

// Every user-visible string in one place; zh-CN becomes a second object of the same shape.
export const en = {
  title: 'Urban Brain',
  city: 'Neijiang',
  subtitle: 'City fleets · live',
  link: {
    live: 'Live',
    connecting: 'Connecting…',
    noData: 'No data',
    disconnected: 'Disconnected',
  },
  lastFrame: 'Last frame',
  secondsAgo: (seconds: string) => `${seconds} s ago`,
  never: '—',
  timeZoneLabel: 'Beijing time',
  kpi: {
    trucksOnMap: 'Trucks on map',
    trucksMoving: 'Moving',
    byTask: 'Trucks by task',
    trucksOnDuty: 'Trucks on duty',
    ofTotal: (total: number) => `of ${total}`,
    bikesOutsideFences: 'Bikes outside fences',
    boatsWorking: 'Boats working',
    debrisToday: (kg: string) => `${kg} debris today`,
    corridorsInGreenWave: 'Corridors in green wave',
    // Observations come once a minute per corridor; until the first one there is nothing to judge.
    ofObserved: (observed: number, known: number) => (observed < known ? `of ${observed} observed (${known})` : `of ${known}`),
    awaitingObservations: 'Corridors: awaiting first observations',
  },
  layers: {
    heading: 'Layers',
    trucks: 'Sanitation trucks',
    bikes: 'Shared bikes',
    boats: 'Cleanup boats',
    corridors: 'Green-wave corridors',
  },
  legend: {
    bikeInFence: 'in fence',
    bikeOutside: 'outside',
    corridorGreen: '≥ 70 % on green',
    corridorAmber: '50–70 %',
    corridorRed: '< 50 %',
    corridorNone: 'no data / dark',
  },
  basemapUnavailable: 'Base map unavailable, retrying…',
  frozen: (time: string) => `No live data · positions as of ${time}`,
  frozenNever: 'No live data yet',
  taskState: {
    [TaskState.UNSPECIFIED]: 'Unknown',
    [TaskState.IDLE]: 'Idle',
    [TaskState.SWEEPING]: 'Sweeping',
    [TaskState.SPRINKLING]: 'Sprinkling',
    [TaskState.COLLECTING]: 'Collecting',
    [TaskState.TO_TRANSFER_STATION]: 'To transfer station',
    [TaskState.UNLOADING]: 'Unloading',
    [TaskState.RETURNING]: 'Returning to depot',
  } satisfies Record<TaskState, string>,
  boatTaskState: {
    [BoatTaskState.UNSPECIFIED]: 'Unknown',
    [BoatTaskState.SWEEPING]: 'Sweeping',
    [BoatTaskState.RETURNING]: 'Returning',
    [BoatTaskState.DOCKED]: 'Docked',
    [BoatTaskState.CHARGING]: 'Charging',
  } satisfies Record<BoatTaskState, string>,
};

export type Strings = typeof en;

export const strings: Strings = en;
