// The green-wave time-space view (issue 14, item 5), as an operator opens it: on the wall, a click on Han'an
// Avenue's line opens the corridor's panel, whose "Time-space view" opens the diagram. A truck drives the
// corridor first (its fixes through Kafka, ingest and the database, as the fleet's would), so the diagram
// has a trajectory to draw whatever the simulated trucks did. What is checked is what the canvas shows:
// the phase bars in their colours at their intersections, the designed band's fill, the truck's line.
// Screenshots at 1080p and 4K in both languages land in artifacts/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { TaskState, TOPIC_TRUCK_READINGS, TruckKind, TruckReadingSchema, type TimeSpaceResponse } from '@urban-brain/proto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAND_FILL, FLEET_COLORS, PHASE_COLORS } from '../web/src/greenwave/time-space-chart';
import { launchChromium } from './chromium';
import './page-hooks';
import { countNear, fontsSettled, rgb, screenshot } from './screen-pixels';
import { expectChineseDrawn } from './han-glyphs';
import { interruptStack, openKioskLink, ROOT, startStack, type StartedStack } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');
const CORRIDOR = 'corridor:hanan-central';
const PROBE = `E2E-GW-${Date.now().toString(36)}`;
const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const corridor = pack.corridor(CORRIDOR)!;
const SPEED = corridor.feature.properties.designSpeedKmh / 3.6;

let stack: StartedStack | undefined;
let browser: Browser | undefined;
let producer: Producer | undefined;
let page: Page;
let probeStartMs = 0;

const drawn = (target: Page) => target.evaluate(() => window.__ubTimeSpace?.drawn() ?? { data: null, draws: 0 });

/** The probe truck along the corridor at the design speed, one fix a second, ending 20 s ago. */
async function driveProbe(): Promise<void> {
  const crossingS = Math.ceil(corridor.line.lengthM / SPEED);
  probeStartMs = Math.floor(Date.now() / 1000) * 1000 - (crossingS + 20) * 1000;
  const messages = Array.from({ length: crossingS + 1 }, (_, k) => {
    const { position, headingDeg } = pack.positionAlongCorridor(CORRIDOR, k * SPEED);
    const reading = create(TruckReadingSchema, {
      truckId: PROBE,
      seq: k + 1,
      recordedAtMs: BigInt(probeStartMs + k * 1000),
      lon: position[0],
      lat: position[1],
      speedKmh: SPEED * 3.6,
      headingDeg,
      loadKg: 800,
      taskState: TaskState.TO_TRANSFER_STATION,
      kind: TruckKind.COMPACTOR,
    });
    return { key: PROBE, value: Buffer.from(toBinary(TruckReadingSchema, reading)) };
  });
  await producer!.send({ topic: TOPIC_TRUCK_READINGS, messages });
}

/**
 * Reads the shot where the chart says each thing is drawn: green and red bars at the intersections, the band's
 * fill between them, the probe's line. Returns how many of each were seen (and looked for).
 */
async function seenOnCanvas(target: Page, shotPath: string) {
  await fontsSettled(target);
  const data = (await drawn(target)).data!;
  const probe = data.trajectories.find((t) => t.vehicleId === PROBE)!;
  const at = (t: number, d: number) => target.evaluate((p) => window.__ubTimeSpace!.toPixel(p[0]!, p[1]!), [t, d]);
  const phasePoints: { color: 'green' | 'red'; at: [number, number][] }[] = [];
  for (const intersection of data.intersections) {
    for (const color of ['green', 'red'] as const) {
      // The widest bar of the colour, at a quarter, the middle and three quarters of its length: a vehicle's
      // line or the band's edge crossing one of them does not hide the bar (CI once had a truck's line on a red bar's middle).
      const bar = intersection.phases.filter((p) => p.color === color).sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))[0];
      if (!bar) continue;
      const points: [number, number][] = [];
      for (const f of [0.25, 0.5, 0.75]) points.push((await at(bar.startMs + f * (bar.endMs - bar.startMs), intersection.distanceM))!);
      phasePoints.push({ color, at: points });
    }
  }
  // Inside a band, half-way between two intersections (no bar there), half its width after its early edge.
  const bandPoints: [number, number][] = [];
  const distances = data.intersections.map((i) => i.distanceM);
  for (const band of data.designBands) {
    for (let k = 1; k < distances.length; k++) {
      const d = (distances[k - 1]! + distances[k]!) / 2;
      const t = band.enterMs + (d / data.corridor.lengthM) * (band.exitMs - band.enterMs) + (band.widthS * 1000) / 2;
      if (t > data.fromMs + 5000 && t < data.toMs - 5000) bandPoints.push((await at(t, d))!);
    }
  }
  const linePoints: [number, number][] = [];
  for (let k = 5; k < probe.points.length - 5; k += 10) linePoints.push((await at(probe.points[k]![0], probe.points[k]![1]))!);
  const shot = await screenshot(target, shotPath);
  const seen = (points: [number, number][], color: string, half: number): [number, number] => [points.filter((p) => countNear(shot, p, rgb(color), half, 40) > 0).length, points.length];
  // A bar is seen when its colour shows at one of its three points.
  const barsSeen = (color: 'green' | 'red'): [number, number] => {
    const bars = phasePoints.filter((p) => p.color === color);
    return [bars.filter((bar) => bar.at.some((p) => countNear(shot, p, rgb(PHASE_COLORS[color]), 1, 40) > 0)).length, bars.length];
  };
  return {
    green: barsSeen('green'),
    red: barsSeen('red'),
    band: seen(bandPoints, BAND_FILL, 2),
    truck: seen(linePoints, FLEET_COLORS.trucks!, 2),
  };
}

function expectDrawn(seen: Awaited<ReturnType<typeof seenOnCanvas>>): void {
  // Every intersection's bars and most of the line and band: a few points may sit under a crossing line or an axis.
  expect(seen.green[1], 'green bars looked for').toBe(corridor.intersections.length);
  expect(seen.green[0], 'green bars seen').toBe(seen.green[1]);
  expect(seen.red[0], 'red bars seen').toBe(seen.red[1]);
  expect(seen.band[1], 'band points looked for').toBeGreaterThan(5);
  expect(seen.band[0], 'band points seen').toBeGreaterThanOrEqual(seen.band[1] * 0.8);
  expect(seen.truck[1], 'line points looked for').toBeGreaterThan(5);
  expect(seen.truck[0], "the truck's line seen").toBeGreaterThanOrEqual(seen.truck[1] * 0.8);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack();
  browser = await launchChromium();
  const kafka = new Kafka({ clientId: 'e2e-greenwave', brokers: [stack.kafka], logLevel: logLevel.NOTHING });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await driveProbe();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  page = await context.newPage();
});

afterAll(async () => {
  await producer?.disconnect();
  await browser?.close();
  if (stack) await interruptStack(stack);
});

describe("the green-wave time-space view of Han'an Avenue", () => {
  it('opens from the corridor on the wall and draws the phases, the band and the truck that drove it', async () => {
    await openKioskLink(page, stack!, '/?lang=en');
    await page.waitForFunction(() => window.__ubMap?.zoom() != null, undefined, { timeout: 120_000 });
    // Only the corridors answer the click: the fleets' dots are drawn (and picked) above them.
    // Generous: software WebGL drawing 11,000 bikes holds the page up on a loaded machine.
    for (const layer of ['bikes', 'trucks', 'ambulances', 'boats']) await page.click(`[data-testid="layer-toggle-${layer}"]`, { timeout: 180_000 });
    const [a, b] = [corridor.feature.geometry.coordinates[2]!, corridor.feature.geometry.coordinates[3]!];
    const point = await page.evaluate((p) => window.__ubMap!.project(p[0]!, p[1]!), [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2]);
    expect(point).not.toBeNull();
    await page.waitForTimeout(1500);
    await page.mouse.click(point![0], point![1]);
    await page.waitForSelector(`[data-testid="entity-panel"][data-entity="${CORRIDOR}"]`, { timeout: 180_000 });
    await page.click('[data-testid="entity-time-space"]', { timeout: 120_000 });
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/corridors/${CORRIDOR}`, { timeout: 120_000 });
    expect(await page.getAttribute('[data-testid="time-space-diagram"]', 'data-live')).toBe('true');

    // Live, it polls: the probe's fixes show once ingest has stored them.
    await page.waitForFunction((probe) => window.__ubTimeSpace?.drawn().data?.trajectories.some((t) => t.vehicleId === probe) === true, PROBE, { timeout: 120_000, polling: 1000 });
    const { data } = await drawn(page);
    expect(data!.corridor.name.en).toBe(corridor.feature.properties.name);
    const probe = data!.trajectories.find((t) => t.vehicleId === PROBE)!;
    expect(probe.direction).toBe('outbound');
    expect(probe.points[0]![0]).toBe(probeStartMs);
    expect(data!.figures.vehicles).toBeGreaterThanOrEqual(1);
    expect(data!.intersections.every((i) => i.phases.length > 0)).toBe(true);
    expect(await page.textContent('[data-testid="figure-vehicles"]')).toMatch(/^\s*\d+\s*$/);

    const seen = await seenOnCanvas(page, path.join(ARTIFACTS, 'greenwave-1080p-en.png'));
    console.log('greenwave 1080p en: seen/looked for', JSON.stringify(seen));
    expectDrawn(seen);
  });

  it('reads in Chinese and on a 4K wall, live and for a past window', async () => {
    await page.click('[data-testid="locale-zh-CN"]', { timeout: 120_000 });
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', undefined, { timeout: 120_000 });
    const drawsBefore = (await drawn(page)).draws;
    await page.waitForFunction((n) => (window.__ubTimeSpace?.drawn().draws ?? 0) > n, drawsBefore, { timeout: 180_000 });
    expect(await page.textContent('[data-testid="time-space-figures"]')).toContain('绿灯到达率');
    await expectChineseDrawn(page, 'the green-wave view in Chinese', 20);
    expectDrawn(await seenOnCanvas(page, path.join(ARTIFACTS, 'greenwave-1080p-zh.png')));

    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForFunction(() => ((document.querySelector('[data-testid="time-space-chart"] canvas') as HTMLCanvasElement | null)?.getBoundingClientRect().width ?? 0) > 2000, undefined, { timeout: 180_000 });
    await page.waitForTimeout(1000);
    expectDrawn(await seenOnCanvas(page, path.join(ARTIFACTS, 'greenwave-4k-zh.png')));

    // The same view for a past window, as the replay page links it: centred on the probe's drive.
    await page.click('[data-testid="locale-en"]', { timeout: 120_000 });
    const at = new Date(probeStartMs + 60_000).toISOString();
    await page.goto(new URL(`/corridors/${encodeURIComponent(CORRIDOR)}?at=${encodeURIComponent(at)}`, stack!.origin).href);
    await page.waitForFunction((probe) => window.__ubTimeSpace?.drawn().data?.trajectories.some((t) => t.vehicleId === probe) === true, PROBE, { timeout: 180_000 });
    expect(await page.getAttribute('[data-testid="time-space-diagram"]', 'data-live')).toBe('false');
    const past = (await drawn(page)).data as TimeSpaceResponse;
    expect([past.fromMs, past.toMs]).toEqual([Date.parse(at) - 450_000, Date.parse(at) + 450_000]);
    await page.waitForTimeout(500);
    expectDrawn(await seenOnCanvas(page, path.join(ARTIFACTS, 'greenwave-4k-en.png')));
  });
});
