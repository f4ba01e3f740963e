// Checks every fleet's messages share: device ids, device time, GPS position.
// Each returns the first problem as "<field>: <what is wrong> (got …)", or null.

// Messages more than this far in the future are refused: a device clock that
// wrong would poison every time-window query.
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
// 2000-01-01: older than any device in the city; catches unset times (0).
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function findIdProblem(field: string, value: string): string | null {
  return DEVICE_ID.test(value) ? null : `${field}: must be 1-64 letters, digits or _.:- (got ${JSON.stringify(value)})`;
}

export function findSeqProblem(seq: number): string | null {
  return seq >= 1 ? null : `seq: must start at 1 (got ${seq})`;
}

/** A device time (epoch ms) after 2000 and not in the future beyond the skew. */
export function findTimeProblem(field: string, ms: bigint, now: number): string | null {
  const value = Number(ms);
  if (value < EARLIEST_MS) return `${field}: must be a time after 2000-01-01 (got ${value})`;
  if (value > now + MAX_CLOCK_SKEW_MS) return `${field}: more than 5 minutes in the future (got ${new Date(value).toISOString()})`;
  return null;
}

export function findPositionProblem(lon: number, lat: number, prefix = ''): string | null {
  if (!(lon >= -180 && lon <= 180)) return `${prefix}lon: must be between -180 and 180 (got ${lon})`;
  if (!(lat >= -90 && lat <= 90)) return `${prefix}lat: must be between -90 and 90 (got ${lat})`;
  if (lon === 0 && lat === 0) return `${prefix}lon/lat: 0,0 is a missing GPS fix`;
  return null;
}

/** NaN fails every comparison, so it is refused along with values out of range. */
export function findRangeProblem(field: string, value: number, min: number, max: number): string | null {
  return value >= min && value <= max ? null : `${field}: must be between ${min} and ${max} (got ${value})`;
}

export function findHeadingProblem(field: string, value: number): string | null {
  return value >= 0 && value < 360 ? null : `${field}: must be in [0, 360) (got ${value})`;
}

/** An enum value the contract names, other than UNSPECIFIED (0). */
export function findEnumProblem(field: string, value: number, enumObject: object): string | null {
  return value !== 0 && value in enumObject ? null : `${field}: unknown value ${value}`;
}

/** The first non-null problem of lazily evaluated checks. */
export function firstProblem(...checks: (() => string | null)[]): string | null {
  for (const check of checks) {
    const problem = check();
    if (problem !== null) return problem;
  }
  return null;
}
