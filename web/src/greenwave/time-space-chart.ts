// The ECharts option of a time-space diagram: x = time, y = metres along the corridor. Pure, so what is
// drawn is tested without a canvas; the component only hands it to ECharts. Layers bottom to top: the
// designed green bands (parallelograms), each intersection's phases (a bar at its distance), the
// vehicles' trajectories (lines).
// Types only: nothing of the 'echarts' entry reaches the bundle.
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn, EChartsCoreOption } from 'echarts';
import type { SignalColor, TimeSpaceIntersection, TimeSpaceResponse } from '@urban-brain/proto';

export const PHASE_COLORS: Record<SignalColor, string> = { green: '#22c55e', amber: '#f59e0b', red: '#ef4444', dark: '#64748b' };
// Opaque and under everything: the band reads as a strip, and the colour a pixel of it has is this one.
export const BAND_FILL = '#1d3b5c';
export const BAND_EDGE = '#60a5fa';
/** Trajectory colours by fleet; a fleet not listed draws in the first. */
export const FLEET_COLORS: Record<string, string> = { trucks: '#f8fafc', ambulances: '#f472b6' };
const BACKGROUND = '#0b1220';

export interface ChartLabels {
  time: string;
  distance: string;
  designBand: string;
  intersection: (intersection: TimeSpaceIntersection, color: string) => string;
  timeText: (ms: number) => string;
  fleet: (fleet: string) => string;
}

export interface ChartLook {
  /** The page's rem in px: the wall's CSS scales it with the screen, so the chart's type follows (1080p ~21 px, 4K ~42 px). */
  remPx: number;
}

const phaseIndex = (color: SignalColor) => (['green', 'amber', 'red', 'dark'] as const).indexOf(color);
const COLOR_BY_INDEX: SignalColor[] = ['green', 'amber', 'red', 'dark'];

/** The option for one answer of the api. */
export function timeSpaceOption(data: TimeSpaceResponse, labels: ChartLabels, look: ChartLook): EChartsCoreOption {
  const rem = look.remPx;
  const lengthM = data.corridor.lengthM;
  const text = { color: '#cbd5e1', fontSize: Math.round(0.8 * rem) };
  const barHalfPx = Math.max(3, Math.round(0.32 * rem));
  // Room below the start and above the end, so the first and last intersections' bars show whole.
  const padM = Math.ceil(lengthM * 0.03);

  const renderBand = (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const enter = api.value(0) as number;
    const exit = api.value(1) as number;
    const widthMs = (api.value(2) as number) * 1000;
    const points = [api.coord([enter, 0]), api.coord([exit, lengthM]), api.coord([exit + widthMs, lengthM]), api.coord([enter + widthMs, 0])];
    return {
      type: 'polygon',
      shape: { points },
      style: { fill: BAND_FILL, stroke: BAND_EDGE, lineWidth: Math.max(1, rem / 14), lineDash: [rem / 3, rem / 4] },
    };
  };

  const renderPhase = (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const distance = api.value(0) as number;
    const [x0, y] = api.coord([api.value(1), distance]) as [number, number];
    const [x1] = api.coord([api.value(2), distance]) as [number, number];
    return {
      type: 'rect',
      shape: { x: x0, y: y - barHalfPx, width: Math.max(1, x1 - x0), height: 2 * barHalfPx },
      style: { fill: PHASE_COLORS[COLOR_BY_INDEX[api.value(3) as number]!] },
    };
  };

  const trajectories = data.trajectories.map((t, i) => ({
    id: `trajectory-${i}`,
    name: labels.fleet(t.fleet),
    type: 'line',
    data: t.points,
    showSymbol: false,
    // A line is not a shape to fill under: ECharts' default is to join the points as they come.
    connectNulls: false,
    z: 4,
    lineStyle: { color: FLEET_COLORS[t.fleet] ?? FLEET_COLORS.trucks, width: Math.max(1.5, rem / 9) },
    itemStyle: { color: FLEET_COLORS[t.fleet] ?? FLEET_COLORS.trucks },
    emphasis: { disabled: true },
    tooltip: { formatter: () => `${labels.fleet(t.fleet)} ${t.vehicleId}` },
    animation: false,
  }));

  return {
    backgroundColor: BACKGROUND,
    animation: false,
    textStyle: text,
    grid: { left: 4.2 * rem, right: 1.2 * rem, top: 1.6 * rem, bottom: 2.6 * rem },
    tooltip: { trigger: 'item', textStyle: { fontSize: Math.round(0.75 * rem) }, confine: true },
    xAxis: {
      type: 'time',
      min: data.fromMs,
      max: data.toMs,
      name: labels.time,
      nameLocation: 'middle',
      nameGap: 1.6 * rem,
      nameTextStyle: text,
      axisLabel: { ...text, formatter: (value: number) => labels.timeText(value), hideOverlap: true },
      axisLine: { lineStyle: { color: '#475569' } },
      splitLine: { show: true, lineStyle: { color: '#1e293b' } },
    },
    yAxis: {
      type: 'value',
      min: -padM,
      max: Math.ceil(lengthM) + padM,
      name: labels.distance,
      nameLocation: 'end',
      nameGap: 0.6 * rem,
      nameTextStyle: { ...text, align: 'left' },
      axisLabel: { ...text, formatter: (value: number) => (value < 0 || value > lengthM ? '' : String(Math.round(value))) },
      axisLine: { show: true, lineStyle: { color: '#475569' } },
      splitLine: { show: false },
    },
    series: [
      {
        id: 'design-bands',
        name: labels.designBand,
        type: 'custom',
        renderItem: renderBand,
        data: data.designBands.map((b) => [b.enterMs, b.exitMs, b.widthS]),
        clip: true,
        z: 1,
        silent: true,
      },
      {
        id: 'phases',
        type: 'custom',
        renderItem: renderPhase,
        encode: { x: [1, 2], y: 0 },
        data: data.intersections.flatMap((intersection) =>
          intersection.phases.map((p) => ({ value: [intersection.distanceM, p.startMs, p.endMs, phaseIndex(p.color)], name: labels.intersection(intersection, p.color) })),
        ),
        tooltip: { formatter: (params: { name: string }) => params.name },
        clip: true,
        z: 2,
      },
      ...trajectories,
    ],
  };
}
