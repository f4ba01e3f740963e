import { TaskState } from '@urban-brain/proto';

// Every user-visible string in one place; zh-CN becomes a second object of the same shape.
export const en = {
  title: 'Urban Brain',
  city: 'Neijiang',
  subtitle: 'Sanitation fleet · live',
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
    byTask: 'By task',
  },
  basemapUnavailable: 'Base map unavailable, retrying…',
  frozen: (time: string) => `No live data · truck positions as of ${time}`,
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
};

export type Strings = typeof en;

export const strings: Strings = en;
