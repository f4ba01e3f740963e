import type { TimeSpaceResponse } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { BAND_FILL, FLEET_COLORS, PHASE_COLORS, timeSpaceOption, type ChartLabels } from './time-space-chart';

const LABELS: ChartLabels = {
  time: 'Time',
  distance: 'm',
  designBand: 'band',
  intersection: (i, color) => `${i.name}: ${color}`,
  timeText: (ms) => String(ms),
  fleet: (fleet) => fleet,
};

const DATA = {
  corridor: { id: 'c', name: { en: 'C', zh: 'C' }, lengthM: 1000, intersections: 2, cycleS: 100, designSpeedKmh: 36, designTravelTimeS: 100 },
  fromMs: 0,
  toMs: 200_000,
  intersections: [
    { id: 'i0', name: 'First', nameZh: '第一', distanceM: 0, designOffsetS: 0, phases: [{ color: 'green', startMs: 0, endMs: 40_000 }, { color: 'red', startMs: 40_000, endMs: 100_000 }] },
    { id: 'i1', name: 'Second', nameZh: '第二', distanceM: 500, designOffsetS: 50, phases: [{ color: 'amber', startMs: 0, endMs: 3000 }] },
  ],
  designBands: [{ enterMs: 0, exitMs: 100_000, widthS: 40 }],
  trajectories: [
    { vehicleId: 't1', fleet: 'trucks', direction: 'outbound', points: [[0, 0], [100_000, 1000]], arrivals: 1, arrivalsOnGreen: 1, stops: 0 },
    { vehicleId: 'a1', fleet: 'ambulances', direction: 'inbound', points: [[0, 1000], [50_000, 0]], arrivals: 1, arrivalsOnGreen: 0, stops: 0 },
  ],
  figures: { bandwidthS: 40, designBandwidthS: 40, vehicles: 2, arrivals: 2, arrivalsOnGreenPct: 50, stopsPerVehicle: 0, travelTimeS: 150, designTravelTimeS: 200, travelTimeRatio: 0.75 },
  observed: null,
} satisfies TimeSpaceResponse;

type Series = { id: string; data: unknown[]; renderItem?: (params: unknown, api: unknown) => { shape: Record<string, unknown>; style: Record<string, unknown> }; lineStyle?: { color: string } };

describe('the time-space chart', () => {
  const option = timeSpaceOption(DATA, LABELS, { remPx: 20 }) as { series: Series[]; xAxis: { min: number; max: number }; yAxis: { min: number; max: number } };

  it('spans the window in time and the corridor in distance, with room for the end intersections\' bars', () => {
    expect([option.xAxis.min, option.xAxis.max, option.yAxis.min, option.yAxis.max]).toEqual([0, 200_000, -30, 1030]);
  });

  it('draws each band as a parallelogram from the corridor start at entry to its end at exit, green wide', () => {
    const band = option.series.find((s) => s.id === 'design-bands')!;
    expect(band.data).toEqual([[0, 100_000, 40]]);
    // A stand-in for ECharts' api: data coordinates as they are.
    const values = band.data[0] as number[];
    const api = { value: (i: number) => values[i], coord: (p: number[]) => p };
    const drawn = band.renderItem!({}, api);
    expect(drawn.shape.points).toEqual([[0, 0], [100_000, 1000], [140_000, 1000], [40_000, 0]]);
    expect(drawn.style.fill).toBe(BAND_FILL);
  });

  it('draws each phase as a bar at its intersection in its colour', () => {
    const phases = option.series.find((s) => s.id === 'phases')!;
    expect(phases.data).toEqual([
      { value: [0, 0, 40_000, 0], name: 'First: green' },
      { value: [0, 40_000, 100_000, 2], name: 'First: red' },
      { value: [500, 0, 3000, 1], name: 'Second: amber' },
    ]);
    const values = [500, 0, 3000, 1];
    const api = { value: (i: number) => values[i], coord: (p: number[]) => [p[0]! / 1000, 1000 - p[1]!] };
    const drawn = phases.renderItem!({}, api);
    // 0.32 rem either side of the intersection's line.
    expect(drawn.shape).toEqual({ x: 0, y: 500 - 6, width: 3, height: 12 });
    expect(drawn.style.fill).toBe(PHASE_COLORS.amber);
  });

  it('draws one line per trajectory in its fleet colour', () => {
    const lines = option.series.filter((s) => s.id.startsWith('trajectory-'));
    expect(lines.map((l) => [l.data, l.lineStyle!.color])).toEqual([
      [[[0, 0], [100_000, 1000]], FLEET_COLORS.trucks],
      [[[0, 1000], [50_000, 0]], FLEET_COLORS.ambulances],
    ]);
  });
});
