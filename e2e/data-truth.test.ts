// End to end: the wall tells the truth about its data. Under `npm start`, with the wall open,
// the Kafka broker is killed as a crash or the OOM killer would: the gateway stays up and keeps
// sending frames, so the indicator must say the data stopped (amber, then red) instead of Live,
// and the Watch ticker must hold one outage notice instead of a "no GPS" alert per truck. The
// broker comes back (npm start's supervisor, or this test) and the wall returns to Live, no reload.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import './page-hooks';
import { E2E_ENV, interruptStack, openKioskLink, ROOT, startStack, type StartedStack } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');
const KAFKA_PID_FILE = path.join(E2E_ENV.UB_DATA_DIR, 'kafka', 'kafka.pid');
// The promise: amber or red within 10 s of the broker dying.
const STALE_WITHIN_MS = 10_000;
// A truck is called silent after 60 s (truck.stale-gps in services/alerting/rules/default.rules.yaml)
// and the ticker passes every 5 s: an outage this long would fill the ticker with "no GPS" alerts.
const OUTAGE_MS = 60_000 + 2 * 5_000 + 2_000;

let stack: StartedStack | undefined;
let browser: Browser | undefined;
let page: Page;

const status = () => page.getAttribute('[data-testid="link-indicator"]', 'data-status');
const label = async () => ((await page.textContent('[data-testid="link-label"]')) ?? '').trim();

/** The ticker's notices by kind: the pipeline's outage notice and the trucks' "no GPS" alerts (an incident's counted in full). */
async function tickerCounts(): Promise<{ outage: number; staleGps: number; total: number }> {
  const rows = await page.$$eval('.ticker__list:first-of-type [data-testid="watch-notice"]', (items) =>
    items.map((item) => ({ key: item.getAttribute('data-notice-key') ?? '', rule: item.getAttribute('data-notice-rule'), count: Number(item.getAttribute('data-notice-count') ?? '1') })),
  );
  const staleGps = rows.filter((row) => row.rule === 'truck.stale-gps').reduce((sum, row) => sum + row.count, 0);
  return { outage: rows.filter((row) => row.key === 'feed-outage').length, staleGps, total: rows.length };
}

function brokerPid(): number | null {
  try {
    const pid = Number(readFileSync(KAFKA_PID_FILE, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Samples the ticker every half second until stopped: the most notices of each kind seen meanwhile. */
function watchTicker(): { stop(): Promise<{ outage: number; staleGps: number; total: number }> } {
  const seen = { outage: 0, staleGps: 0, total: 0 };
  let sampling = true;
  const done = (async () => {
    while (sampling) {
      const counts = await tickerCounts().catch(() => null);
      if (counts) for (const key of ['outage', 'staleGps', 'total'] as const) seen[key] = Math.max(seen[key], counts[key]);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    stop: async () => {
      sampling = false;
      await done;
      return seen;
    },
  };
}

async function chooseLocale(locale: 'en' | 'zh-CN'): Promise<void> {
  await page.click(`[data-testid="locale-${locale}"]`);
  await page.waitForFunction((want) => document.documentElement.lang === want, locale);
}

describe('the wall when the broker dies', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  });

  afterAll(async () => {
    await browser?.close();
    if (stack) await interruptStack(stack);
  });

  it('says Live while data flows', async () => {
    await openKioskLink(page, stack!, '/?lang=en');
    await page.waitForFunction(() => (window.__ubLive?.trucks().length ?? 0) >= 100, undefined, { timeout: 90_000 });
    await page
      .waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'live', undefined, { timeout: 120_000 })
      .catch(() => undefined);
    const silent = await page.getAttribute('[data-testid="link-indicator"]', 'data-silent-fleets');
    expect(await label(), `silent fleets: '${silent}'`).toBe('Live');
  });

  it('turns amber/red within 10 s of the broker dying, holds one outage notice and no flood, and is Live again once it is back', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    const before = await tickerCounts();

    const pid = brokerPid();
    expect(pid, `no live broker pid in ${KAFKA_PID_FILE}`).not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    const killedAt = Date.now();

    // Watch the ticker all along, as an operator would see it.
    const ticker = watchTicker();

    await page
      .waitForFunction(() => ['delayed', 'down'].includes(document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') ?? ''), undefined, { timeout: STALE_WITHIN_MS, polling: 100 })
      .catch(() => undefined);
    const staleStatus = await status();
    expect(staleStatus, `the indicator said '${staleStatus}' ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the broker died`).toMatch(/^(delayed|down)$/);
    await page.screenshot({ path: path.join(ARTIFACTS, `e2e-data-truth-${staleStatus === 'delayed' ? 'amber' : 'red'}-en.png`) });
    if (staleStatus === 'delayed') {
      await chooseLocale('zh-CN');
      if ((await status()) === 'delayed') await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-amber-zh.png') });
      await chooseLocale('en');
    }

    // npm start's supervisor may bring the broker back by itself; if it does not, the outage lasts
    // long enough that every truck would have been called silent by now.
    let redShown = false;
    const restartedBySupervisor = await (async () => {
      while (Date.now() - killedAt < OUTAGE_MS) {
        if (brokerPid() !== null) return true;
        if (!redShown && (await status()) === 'down') {
          redShown = true;
          expect(await label()).toMatch(/^No data from .+ for \d+ s$/);
          await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-red-en.png') });
          await chooseLocale('zh-CN');
          expect(await label()).toMatch(/^.+ 已 \d+ 秒无数据$/);
          await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-red-zh.png') });
          await chooseLocale('en');
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    })();

    if (!restartedBySupervisor) {
      expect(await status()).toBe('down');
      await page.waitForFunction(() => document.querySelector('[data-notice-key="feed-outage"]') !== null, undefined, { timeout: 10_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-outage-notice-en.png') });
      // The supervisor may have restarted it meanwhile: then kafka.sh start finds it running and only checks the topics.
      await promisify(execFile)('bash', [path.join(ROOT, 'scripts/stack/kafka.sh'), 'start'], { cwd: ROOT, env: { ...process.env, ...E2E_ENV }, timeout: 180_000 });
    }

    await page.waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'live', undefined, { timeout: 180_000, polling: 250 });
    // The trucks report again within seconds; a pass or two later the ticker must still hold no flood.
    await page.waitForFunction(() => document.querySelector('[data-notice-key="feed-outage"]') === null, undefined, { timeout: 15_000 });
    await page.waitForTimeout(11_000);
    const seen = await ticker.stop();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-live-again.png') });

    expect(await status()).toBe('live');
    expect(seen.outage).toBeLessThanOrEqual(1);
    // Trucks silent before the broker died may still be listed; none may join them because of it.
    expect(seen.staleGps).toBeLessThanOrEqual(before.staleGps);
    expect((await tickerCounts()).staleGps).toBeLessThanOrEqual(before.staleGps);
    if (!restartedBySupervisor) expect(seen.outage).toBe(1);
    expect(navigations).toEqual([]);
  });

  // npm start's supervisor restarts a dead broker within seconds, so the kill above may never last
  // long enough for a truck to be called silent. A hung broker (stopped, as in a long GC pause or a
  // stuck disk) is alive to the supervisor: the pipeline stays down as long as it hangs.
  it('turns red when the broker hangs, names the outage once instead of every silent truck, and is Live again after', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    await page.waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'live', undefined, { timeout: 60_000 });
    // The trucks have had their staleness window since the last outage: their silence would be theirs again.
    await page.waitForFunction(() => document.querySelector('[data-notice-key="feed-outage"]') === null, undefined, { timeout: 15_000 });
    const before = await tickerCounts();
    const pid = brokerPid();
    expect(pid).not.toBeNull();
    const ticker = watchTicker();
    process.kill(pid!, 'SIGSTOP');
    const stoppedAt = Date.now();
    try {
      await page
        .waitForFunction(() => ['delayed', 'down'].includes(document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') ?? ''), undefined, { timeout: STALE_WITHIN_MS, polling: 100 })
        .catch(() => undefined);
      expect(await status()).toMatch(/^(delayed|down)$/);
      await page.waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'down', undefined, { timeout: 45_000 });
      expect(await label()).toMatch(/^No data from .+ for \d+ s$/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-red-en.png') });
      await chooseLocale('zh-CN');
      expect(await label()).toMatch(/^.+ 已 \d+ 秒无数据$/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-red-zh.png') });
      await chooseLocale('en');

      // Long enough that every truck would have been called silent, twice over the ticker's passes.
      await page.waitForTimeout(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
      expect(await status()).toBe('down');
      const during = await tickerCounts();
      expect(during.outage).toBe(1);
      expect(during.staleGps).toBeLessThanOrEqual(before.staleGps);
      await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-red-outage-notice-en.png') });
    } finally {
      // The supervisor may have replaced a broker it judged hung: then there is nothing to resume.
      try {
        process.kill(pid!, 'SIGCONT');
      } catch {
        // gone
      }
    }

    // Resumed, the broker hands the gateway a rejoin: it re-reads the bike topic, and the trucks
    // may show amber for a while behind it. Live with the outage notice gone is the end state.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'live' && document.querySelector('[data-notice-key="feed-outage"]') === null,
      undefined,
      { timeout: 180_000, polling: 250 },
    );
    await page.waitForTimeout(11_000);
    const seen = await ticker.stop();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-data-truth-live-after-hang.png') });
    expect(await status()).toBe('live');
    expect(seen.outage).toBeLessThanOrEqual(1);
    expect(seen.staleGps).toBeLessThanOrEqual(before.staleGps);
    expect(navigations).toEqual([]);
  });
});
