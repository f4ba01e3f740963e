import { describe, expect, it } from 'vitest';
import { mergeSeries, seriesFromKpis, seriesFromTracks } from './entity-series';
import { sparklineGeometry } from './sparkline-path';

describe('sparkline geometry', () => {
  it('draws time left to right and values bottom to top', () => {
    const g = sparklineGeometry(
      [
        { t: 0, v: 0 },
        { t: 50, v: 100 },
        { t: 100, v: 50 },
      ],
      104,
      54,
      0,
      100,
      [0, 100],
    );
    expect(g.line).toBe('M2 52 L52 2 L102 27');
    expect(g.area).toBe('M2 52 L52 2 L102 27 L102 52 L2 52 Z');
    expect(g.last).toEqual({ x: 102, y: 27 });
  });

  it('puts a flat series mid-height and a lone point as a visible stroke', () => {
    const flat = sparklineGeometry(
      [
        { t: 0, v: 7 },
        { t: 100, v: 7 },
      ],
      104,
      54,
      0,
      100,
    );
    expect(flat.line).toBe('M2 27 L102 27');
    const lone = sparklineGeometry([{ t: 100, v: 3 }], 104, 54, 0, 100);
    expect(lone.line).toBe('M98 27 L102 27');
  });

  it('draws nothing without points', () => {
    expect(sparklineGeometry([], 100, 50, 0, 1).line).toBe('');
  });
});

describe('entity series', () => {
  it('reads one entity and one metric from a tracks answer', () => {
    const body = {
      tracks: [
        { id: 'truck-001', points: [{ t: '2025-05-01T00:00:00Z', properties: { speedKmh: 12 } }, { t: '2025-05-01T00:00:20Z', properties: { speedKmh: null } }] },
        { id: 'truck-002', points: [{ t: '2025-05-01T00:00:00Z', properties: { speedKmh: 40 } }] },
      ],
    };
    expect(seriesFromTracks(body, 'truck-001', 'speedKmh')).toEqual([{ t: Date.parse('2025-05-01T00:00:00Z'), v: 12 }]);
    expect(seriesFromTracks({}, 'truck-001', 'speedKmh')).toEqual([]);
  });

  it('reads a KPI metric and skips buckets without readings', () => {
    const body = { buckets: [{ t: '2025-05-01T00:00:00.000Z', meanArrivalsOnGreenPct: 64 }, { t: '2025-05-01T00:01:00.000Z', meanArrivalsOnGreenPct: null }] };
    expect(seriesFromKpis(body, 'meanArrivalsOnGreenPct')).toEqual([{ t: Date.parse('2025-05-01T00:00:00.000Z'), v: 64 }]);
  });

  it('merges history and live points in order, within the window, thinned, ending on the newest', () => {
    const history = [
      { t: 1_000, v: 1 },
      { t: 20_000, v: 2 },
      { t: 40_000, v: 3 },
    ];
    const live = [
      { t: 40_000, v: 3 },
      { t: 41_000, v: 4 },
      { t: 60_000, v: 5 },
    ];
    expect(mergeSeries(history, live, 60_000, 50_000, 10_000)).toEqual([
      { t: 20_000, v: 2 },
      { t: 41_000, v: 4 },
      { t: 60_000, v: 5 },
    ]);
  });
});
