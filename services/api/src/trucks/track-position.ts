/**
 * A place in one truck's track, ordered like the primary key: by time, then seq.
 * `recordedAt` is the stored time as ISO text with microseconds, so a page never
 * ends between two readings that a millisecond JS Date would merge.
 */
export interface TrackPosition {
  recordedAt: string;
  seq: number;
}

export const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
