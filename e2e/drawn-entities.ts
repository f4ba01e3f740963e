// Where each fleet's entities should be on the screen (the page's own map
// projects their lon/lat) and in which colour the wall draws them. Colours come
// from web/src where they are plain constants; the bike cells' sit beside
// deck.gl code (web/src/map/deck/bike-deck-layers.ts, bikeCellStyle) and
// web/src/map/fleet-layer-style.ts (which reaches Vue), so they are restated here.
import type { Page } from 'playwright-core';
import { BOAT_TASK_COLORS } from '../web/src/map/boat-icon';
import { CORRIDOR_QUALITY_COLORS, corridorQuality } from '../web/src/map/corridor-quality';
import { TASK_STATE_COLORS } from '../web/src/map/truck-task-style';
import './page-hooks';
import { rgb, type Rgb } from './screen-pixels';

export interface Drawn {
  id: string;
  /** Page pixel (the screenshot's, at device pixel ratio 1). */
  at: [number, number];
  color: Rgb;
}

// Task colours a truck can be told apart by on the dark map: idle and returning
// are greys and near-white, which the roads and the site labels also are.
const TRUCK_TELLING_STATES = new Set([2, 3, 4, 5, 6]); // sweeping, sprinkling, collecting, to transfer station, unloading

// Cells are filled at alpha ~215/255: as seen over the dark district fill (#0a1320).
const overDistrict = (c: Rgb): Rgb => c.map((v, i) => Math.round(v * 0.843 + [10, 19, 32][i]! * 0.157)) as unknown as Rgb;
const BIKE_CELL_CALM = overDistrict(rgb('#0f766e'));
const BIKE_CELL_WARN = overDistrict(rgb('#f59e0b'));
const BIKE_CELL_ALERT = overDistrict(rgb('#f43f5e'));
const CELL_OUTSIDE_WARN = 0.15;
const CELL_OUTSIDE_ALERT = 0.3;

/** The truck dot's colour for a task state, as TruckLayer draws it. */
export const truckColor = (taskState: number): Rgb => rgb(TASK_STATE_COLORS[taskState as keyof typeof TASK_STATE_COLORS] ?? TASK_STATE_COLORS[0]);

/** Trucks in a task colour that stands out from the base map. */
export async function drawnTrucks(page: Page): Promise<Drawn[]> {
  const trucks = await page.evaluate(() =>
    window.__ubLive!.trucks().map((t) => ({ id: t.id, taskState: t.taskState, at: window.__ubMap!.project(t.lon, t.lat) })),
  );
  return trucks.filter((t) => t.at && TRUCK_TELLING_STATES.has(t.taskState)).map((t) => ({ id: t.id, at: t.at!, color: truckColor(t.taskState) }));
}

/** Boats, each in its hull's task colour. */
export async function drawnBoats(page: Page): Promise<Drawn[]> {
  const boats = await page.evaluate(() =>
    window.__ubLive!.rows('boats').map((b) => ({ id: b.id, taskState: b.columns.taskState!, at: window.__ubMap!.project(b.columns.lon!, b.columns.lat!) })),
  );
  return boats
    .filter((b) => b.at)
    .map((b) => ({ id: b.id, at: b.at!, color: rgb(BOAT_TASK_COLORS[b.taskState as keyof typeof BOAT_TASK_COLORS] ?? BOAT_TASK_COLORS[0]) }));
}

/** The gateway's bike cells (zoomed out), coloured by their share of bikes outside fences. */
export async function drawnBikeCells(page: Page): Promise<(Drawn & { bikes: number })[]> {
  const cells = await page.evaluate(() =>
    window.__ubLive!.rows('bikeCells').map((c) => ({
      id: c.id,
      bikes: c.columns.bikes!,
      outside: c.columns.outsideFence!,
      at: window.__ubMap!.project(c.columns.lon!, c.columns.lat!),
    })),
  );
  return cells
    .filter((c) => c.at && c.bikes > 0)
    .map((c) => {
      const share = c.outside / c.bikes;
      const color = share >= CELL_OUTSIDE_ALERT ? BIKE_CELL_ALERT : share >= CELL_OUTSIDE_WARN ? BIKE_CELL_WARN : BIKE_CELL_CALM;
      return { id: c.id, at: c.at!, color, bikes: c.bikes };
    });
}

interface CorridorLine {
  id: string;
  geometry: { type: string; coordinates: [number, number][] };
}

/**
 * Points along the green-wave corridors that have a progression colour (grey
 * "no observation" is the trunk roads' grey, so it is skipped), with the colour
 * CorridorLayer gives them: the vertices of each line and its segments' middles.
 */
export async function drawnCorridorPoints(page: Page): Promise<Drawn[]> {
  // From the page: the pack's layers are the signed-in wall's to read.
  const pack = (await page.evaluate(async () => (await fetch('/api/city/pack/layers/corridors')).json())) as { features: CorridorLine[] };
  const rows = await page.evaluate(() => window.__ubLive!.rows('corridors'));
  const points: Drawn[] = [];
  for (const line of pack.features) {
    const row = rows.find((r) => r.id === line.id);
    if (!row || line.geometry.type !== 'LineString') continue;
    const observed = { arrivalsOnGreenPct: row.columns.arrivalsOnGreenPct!, travelTimeRatio: row.columns.travelTimeRatio!, vehicles: row.columns.vehicles! };
    const quality = corridorQuality(observed, row.columns.observedAtMs!, row.columns.darkIntersections!);
    if (quality === 'none') continue;
    const coords = line.geometry.coordinates;
    const along: [number, number][] = [];
    coords.forEach((c, i) => {
      along.push(c);
      const next = coords[i + 1];
      if (next) along.push([(c[0] + next[0]) / 2, (c[1] + next[1]) / 2]);
    });
    // No destructuring in page functions: the test compiler rewrites it with helpers the page lacks.
    const projected = await page.evaluate((lonLats) => lonLats.map((p) => window.__ubMap!.project(p[0]!, p[1]!)), along);
    projected.forEach((at, i) => at && points.push({ id: `${line.id}#${i}`, at, color: rgb(CORRIDOR_QUALITY_COLORS[quality]) }));
  }
  return points;
}

/**
 * Entities of `after` that stood still (within `px`, same colour) since `before`:
 * a software-rendered screenshot takes seconds on a busy machine, and only an
 * entity that did not move meanwhile is where the shot shows it.
 */
export function stillDuring<T extends Drawn>(before: readonly Drawn[], after: readonly T[], px = 2): T[] {
  const was = new Map(before.map((d) => [d.id, d]));
  return after.filter((d) => {
    const b = was.get(d.id);
    return b !== undefined && Math.hypot(b.at[0] - d.at[0], b.at[1] - d.at[1]) <= px && b.color.join() === d.color.join();
  });
}

/** On the open map: not under the fleet panel, the top bar or the ticker (the first test's rule). */
export function onOpenMap(at: readonly [number, number], width: number, height: number): boolean {
  return at[0] > 0.1 * width && at[0] < 0.65 * width && at[1] > 0.2 * height && at[1] < 0.8 * height;
}

/** Nothing of `others` (another entity of any layer) within `px` of `at`. */
export function standsAlone(at: readonly [number, number], others: readonly { id: string; at: readonly [number, number] }[], px: number, self?: string): boolean {
  return others.every((o) => o.id === self || Math.hypot(o.at[0] - at[0], o.at[1] - at[1]) > px);
}
