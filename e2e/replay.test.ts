// Replay (issue 14) as an engineer works with it: sign in, open a window of what the stack has recorded,
// play at 60x, seek on the scrubber, follow a truck, bookmark an instant, reopen the address, run a
// backtest of a draft rule and see its alerts on the timeline; then the wall set to a past instant and
// back to live. Everything goes through the real stack (simulator -> Kafka -> ingest -> database -> api).
// Screenshots at 1080p and 4K in both languages land in artifacts/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTestHook } from '../web/src/replay/replay-test-hook';
import { launchChromium } from './chromium';
import './page-hooks';
import { fontsSettled } from './screen-pixels';
import { expectChineseDrawn } from './han-glyphs';
import { interruptStack, ROOT, startStack, type StartedStack } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');
// Recorded data to replay: the stack runs without backfill, so the history starts when it does.
const RECORDED_MS = 150_000;
// A draft that fires on every moving truck: its alerts must show on the timeline.
const DRAFT = `version: 1
floodControl:
  windowS: 60
  perRule:
    default: 60
  perFleet:
    default: 200
suppressions: []
rules:
  - id: e2e.truck-moving
    kind: threshold
    stream: truck-readings
    severity: info
    field: speedKmh
    above: 5
    forS: 2
    title:
      en: "Truck {entityId} moving at {value} km/h"
      zh: "垃圾车{entityId}行驶速度{value}"
`;

let stack: StartedStack | undefined;
let browser: Browser | undefined;
let page: Page;
let fromMs = 0;
let toMs = 0;

const shoot = async (target: Page, name: string) => {
  await fontsSettled(target);
  await target.screenshot({ path: path.join(ARTIFACTS, name), timeout: 180_000 });
};
const replay = <T>(target: Page, read: (hook: ReplayTestHook) => T) => target.evaluate(`(${read.toString()})(window.__ubReplay)`) as Promise<T>;
const clock = (target: Page) => replay(target, (h) => h.clockMs());
const settled = (target: Page) =>
  target.waitForFunction(() => window.__ubReplay && ['paused', 'playing', 'ended'].includes(window.__ubReplay.status()), undefined, { timeout: 120_000 });

async function openReplay(target: Page, query: string): Promise<void> {
  await target.goto(new URL(`/replay?${query}`, stack!.origin).href);
  await target.waitForSelector('[data-testid="replay-page"]', { timeout: 120_000 });
  await settled(target);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack();
  // The window to replay starts once this stack is up and sending: the database may also hold an earlier
  // run's recording (the e2e data folder outlives a run), with hours without a truck between the two.
  const startedMs = Date.now();
  browser = await launchChromium();
  const engineer = stack.logins.find((login) => login.role === 'engineer');
  if (!engineer) throw new Error(`npm start printed no engineer login:\n${stack.output().slice(-3000)}`);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  page = await context.newPage();
  await page.goto(new URL('/sign-in?next=/replay&lang=en', stack.origin).href);
  await page.fill('[data-testid="sign-in-username"]', engineer.username);
  await page.fill('[data-testid="sign-in-password"]', engineer.password);
  await page.click('[data-testid="sign-in-submit"]');
  await page.waitForSelector('[data-testid="replay-page"]', { timeout: 120_000 });
  // Let the stack record a few minutes of the city, then replay what it stored.
  let earliest: number | null = null;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const range = (await page.evaluate(() => fetch('/api/replay/range').then((r) => r.json()))) as { earliest: string | null; latest: string | null };
    earliest = range.earliest ? Math.max(Date.parse(range.earliest), startedMs) : null;
    if (earliest && range.latest && Date.parse(range.latest) - earliest >= RECORDED_MS) break;
    if (Date.now() > deadline) throw new Error(`no ${RECORDED_MS / 1000} s of recorded data: ${JSON.stringify(range)}`);
    await page.waitForTimeout(5_000);
  }
  fromMs = Math.ceil(earliest / 1000) * 1000 + 5_000;
  toMs = Math.floor(Date.now() / 1000) * 1000 - 5_000;
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (stack) await interruptStack(stack);
});

describe('replay, as an engineer works', () => {
  it('opens a window, shows the city at its start and plays it at 60x', async () => {
    await openReplay(page, `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&speed=60&lang=en`);
    expect(await clock(page)).toBe(fromMs);
    await page.waitForFunction(() => (window.__ubLive?.layers().trucks ?? 0) > 0, undefined, { timeout: 60_000 });
    expect(await page.locator('[data-testid="replay-speed"]').inputValue()).toBe('60');
    await page.click('[data-testid="replay-play"]');
    await page.waitForFunction((start) => window.__ubReplay!.clockMs() >= start + 30_000, fromMs, { timeout: 60_000 });
    expect(['playing', 'buffering', 'ended']).toContain(await replay(page, (h) => h.status()));
    expect(await replay(page, (h) => h.heldChunks())).toBeLessThanOrEqual(3);
    await page.waitForFunction(() => (window.__ubLive?.rendered().trucks ?? 0) > 0, undefined, { timeout: 60_000 });
    await shoot(page, 'replay-playing-1080p-en.png');
    // Pause (unless the window has already played to its end: a click then would start it over).
    if (['playing', 'buffering'].includes(await replay(page, (h) => h.status()))) await page.click('[data-testid="replay-play"]');
    await page.waitForFunction(() => ['paused', 'ended'].includes(window.__ubReplay!.status()), undefined, { timeout: 10_000 });
  });

  it('seeks on the scrubber to the instant under the pointer and shows the whole city there', async () => {
    const box = (await page.locator('[data-testid="replay-scrubber"]').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction((target) => Math.abs(window.__ubReplay!.clockMs() - target) < 2_000 && window.__ubReplay!.status() === 'paused', fromMs + 0.75 * (toMs - fromMs), { timeout: 60_000 });
    const layers = await page.evaluate(() => window.__ubLive!.layers());
    expect(layers.trucks).toBeGreaterThan(0);
    expect(layers.bikes).toBeGreaterThan(0);
    // The KPI cursor stands where the scrubber's playhead is.
    await page.locator('[data-testid="replay-kpi-cursor"]').waitFor({ timeout: 60_000 });
  });

  it('follows a truck: it stays in the middle of the map as the replay plays', async () => {
    await page.click('[data-testid="layer-toggle-bikes"]');
    const truck = (await page.evaluate(() => window.__ubLive!.trucks()))[0]!;
    await page.evaluate((id) => window.__ubWall?.select('trucks', id), truck.id);
    if (!(await page.locator('[data-testid="replay-follow"]').isVisible())) {
      const at = (await page.evaluate((p) => window.__ubMap!.project(p[0]!, p[1]!), [truck.lon, truck.lat]))!;
      await page.mouse.click(at[0], at[1]);
    }
    await page.click('[data-testid="replay-follow"]', { timeout: 30_000 });
    await expect(page.locator('[data-testid="replay-following"]').textContent()).resolves.toContain(truck.id);
    // From a quarter into the window, so minutes of replay lie ahead when it is paused again (a click on
    // play after the end would start the window over).
    const scrubber = (await page.locator('[data-testid="replay-scrubber"]').boundingBox())!;
    await page.mouse.click(scrubber.x + scrubber.width * 0.25, scrubber.y + scrubber.height / 2);
    await page.waitForFunction((target) => Math.abs(window.__ubReplay!.clockMs() - target) < 2_000 && window.__ubReplay!.status() === 'paused', fromMs + 0.25 * (toMs - fromMs), { timeout: 60_000 });
    const before = await clock(page);
    // At 10x: the recorded window is minutes long, and at 60x it would end before the pause click lands.
    await page.selectOption('[data-testid="replay-speed"]', '10');
    await page.click('[data-testid="replay-play"]');
    await page.waitForFunction((t) => window.__ubReplay!.clockMs() >= t + 10_000, before, { timeout: 60_000 });
    await page.click('[data-testid="replay-play"]');
    await page.waitForFunction(() => window.__ubReplay!.status() === 'paused', undefined, { timeout: 10_000 });
    expect(await clock(page)).toBeLessThan(toMs);
    await page.waitForTimeout(500);
    const now = (await page.evaluate(() => window.__ubLive!.trucks())).find((t) => t.id === truck.id)!;
    const at = (await page.evaluate((p) => window.__ubMap!.project(p[0]!, p[1]!), [now.lon, now.lat]))!;
    const map = (await page.locator('.replay__map').boundingBox())!;
    // project() answers page pixels: the middle of the map is its box's middle on the page.
    expect(Math.abs(at[0] - (map.x + map.width / 2))).toBeLessThan(40);
    expect(Math.abs(at[1] - (map.y + map.height / 2))).toBeLessThan(40);
    await shoot(page, 'replay-follow-1080p-en.png');
  });

  it('bookmarks the instant with a note and reopens the address at the same instant, speed, layers and followed truck', async () => {
    await page.selectOption('[data-testid="replay-speed"]', '300');
    await page.fill('[data-testid="bookmark-note"]', 'truck under watch');
    await page.click('[data-testid="bookmark-add"]');
    await expect(page.locator('[data-testid="bookmark"]').count()).resolves.toBe(1);
    await page.locator('[data-testid="scrubber-mark-bookmark"]').first().waitFor({ timeout: 10_000 });
    const at = await clock(page);
    const following = await page.locator('[data-testid="replay-following"]').textContent();
    // The address follows the page within a second.
    await page.waitForFunction(
      (ms) => new URL(location.href).searchParams.get('at') === new Date(ms).toISOString() && new URL(location.href).searchParams.get('speed') === '300',
      at,
      { timeout: 10_000 },
    );
    const address = page.url();
    const again = await page.context().newPage();
    await again.goto(address);
    await again.waitForSelector('[data-testid="replay-page"]', { timeout: 120_000 });
    await settled(again);
    expect(await clock(again)).toBe(at);
    expect(await replay(again, (h) => h.speed())).toBe(300);
    await expect(again.locator('[data-testid="replay-following"]').textContent()).resolves.toBe(following);
    await again.waitForFunction(() => window.__ubLive?.shown().trucks === true && window.__ubLive.shown().bikes === false, undefined, { timeout: 60_000 });
    // The bookmark is in this browser's storage: the other tab lists it too.
    await expect(again.locator('[data-testid="bookmark"]').count()).resolves.toBe(1);
    await again.close();
  });

  it('runs a backtest of a draft rule over the window and shows its alerts on the timeline', async () => {
    await page.click('[data-testid="backtest-draft"]');
    await page.fill('[data-testid="backtest-yaml"]', DRAFT);
    await page.click('[data-testid="backtest-run"]');
    await page.waitForSelector('[data-testid="backtest-result"]', { timeout: 300_000 });
    await page.locator('[data-testid="scrubber-mark-backtest"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="scrubber-mark-backtest"]').count()).toBeGreaterThan(0);
    await shoot(page, 'replay-backtest-1080p-en.png');
  });

  it('reads in Chinese and on a 4K wall', async () => {
    const query = `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&at=${new Date(fromMs + 60_000).toISOString()}&speed=60`;
    for (const [lang, width, height, name] of [
      ['zh-CN', 1920, 1080, 'replay-1080p-zh.png'],
      ['en', 3840, 2160, 'replay-4k-en.png'],
      ['zh-CN', 3840, 2160, 'replay-4k-zh.png'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await openReplay(page, `${query}&lang=${lang}`);
      await page.waitForFunction(() => (window.__ubLive?.rendered().trucks ?? 0) > 0, undefined, { timeout: 120_000 });
      if (lang === 'zh-CN') await expect(page.locator('[data-testid="replay-page"]').textContent()).resolves.toMatch(/回放/);
      await expectChineseDrawn(page, `the replay (${lang}, ${width}x${height})`, lang === 'zh-CN' ? 50 : 2);
      await shoot(page, name);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
  });
});

describe('the wall in the past', () => {
  it('plays the wall from a past instant, marked as a replay, and goes back to live in one click', async () => {
    const at = fromMs + 30_000;
    await page.goto(new URL(`/?at=${new Date(at).toISOString()}&lang=en`, stack!.origin).href);
    await page.waitForSelector('[data-testid="wall-replay-banner"]', { timeout: 120_000 });
    await page.waitForFunction((t) => (window.__ubReplay?.clockMs() ?? 0) > t + 2_000, at, { timeout: 60_000 });
    await page.waitForFunction(() => (window.__ubLive?.rendered().trucks ?? 0) > 0, undefined, { timeout: 120_000 });
    await expect(page.locator('[data-testid="wall-replay-banner"]').textContent()).resolves.toContain('REPLAY');
    const onDuty = await page.locator('[data-testid="kpi-trucks-on-duty"]').textContent();
    expect(onDuty).toMatch(/\d/);
    await shoot(page, 'wall-past-1080p-en.png');
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.goto(new URL(`/?at=${new Date(at).toISOString()}&lang=zh-CN`, stack!.origin).href);
    await page.waitForSelector('[data-testid="wall-replay-banner"]', { timeout: 120_000 });
    await page.waitForFunction(() => (window.__ubLive?.rendered().trucks ?? 0) > 0, undefined, { timeout: 120_000 });
    await shoot(page, 'wall-past-4k-zh.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('[data-testid="wall-back-to-live"]');
    await page.waitForSelector('[data-testid="wall-replay-banner"]', { state: 'detached', timeout: 30_000 });
    expect(new URL(page.url()).searchParams.has('at')).toBe(false);
    await page.waitForFunction(() => window.__ubReplay === undefined && (window.__ubLive?.framesReceived ?? 0) > 0, undefined, { timeout: 60_000 });
  });
});
