// The KPI strips under the scrubber: the api's 1-minute roll-ups (/api/history/kpis) as [t, value]
// points, and the open alerts per minute counted from the window's alerts (/api/replay/alerts).
export type KpiKey = 'trucksOnDuty' | 'bikesOutsideFences' | 'debrisKg' | 'arrivalsOnGreen' | 'openAlerts';
export type KpiPoint = [number, number | null];

/** Which fleet's roll-up and measure draws each strip; debris is summed along the window (collected so far). */
export const KPI_SOURCES: readonly { key: Exclude<KpiKey, 'openAlerts'>; fleet: string; metric: string; cumulative: boolean }[] = [
  { key: 'trucksOnDuty', fleet: 'trucks', metric: 'activeTrucks', cumulative: false },
  { key: 'bikesOutsideFences', fleet: 'bikes', metric: 'bikesOutsideFences', cumulative: false },
  { key: 'debrisKg', fleet: 'boats', metric: 'debrisCollectedKg', cumulative: true },
  { key: 'arrivalsOnGreen', fleet: 'corridors', metric: 'meanArrivalsOnGreenPct', cumulative: false },
];

/**
 * Buckets from `rolledUpToMs` on (the api's `rolledUpTo`) are not rolled up yet: their zeros are unknowns,
 * so they read null (a gap in the strip and "—" at the cursor), not "0 trucks on duty".
 */
export function seriesFromBuckets(
  buckets: readonly Record<string, string | number | null>[],
  metric: string,
  cumulative: boolean,
  rolledUpToMs: number | null = Infinity,
): KpiPoint[] {
  let sum = 0;
  const points: KpiPoint[] = [];
  for (const bucket of buckets) {
    const t = typeof bucket.t === 'string' ? Date.parse(bucket.t) : NaN;
    if (!Number.isFinite(t)) continue;
    if (rolledUpToMs === null || t >= rolledUpToMs) {
      points.push([t, null]);
      continue;
    }
    const value = bucket[metric];
    const n = typeof value === 'number' && Number.isFinite(value) ? value : null;
    if (cumulative) {
      sum += n ?? 0;
      points.push([t, sum]);
    } else points.push([t, n]);
  }
  return points;
}

/** Alerts open at each minute of the window: raised at or before it and not yet resolved. */
export function openAlertsSeries(alerts: readonly { raisedAt: string; resolvedAt: string | null }[], fromMs: number, toMs: number, stepMs = 60_000): KpiPoint[] {
  const spans = alerts.map((a) => [Date.parse(a.raisedAt), a.resolvedAt ? Date.parse(a.resolvedAt) : Infinity] as const);
  const points: KpiPoint[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) {
    let open = 0;
    for (const [raised, resolved] of spans) if (raised <= t + stepMs && resolved > t) open++;
    points.push([t, open]);
  }
  return points;
}

/** The value of the bucket holding `ms` (null outside or in an empty bucket). */
export function valueAt(points: readonly KpiPoint[], ms: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || ms < points[0]![0]) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]![0] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return points[lo]![1];
}
