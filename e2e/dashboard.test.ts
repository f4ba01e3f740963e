// End to end, as a person would: `npm start`, open the dashboard in Chromium,
// watch trucks move, lose the gateway and get it back, Ctrl-C.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import './page-hooks';
import { E2E_ENV, interruptStack, portInUse, ROOT, servicePid, startStack, type StartedStack } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');

let stack: StartedStack | undefined;
let browser: Browser | undefined;
let page: Page;

async function trucksNow(): Promise<Map<string, [number, number]>> {
  const trucks = await page.evaluate(() => window.__ubLive!.trucks());
  return new Map(trucks.map((t) => [t.id, [t.lon, t.lat]]));
}

async function movedSince(before: Map<string, [number, number]>): Promise<number> {
  const after = await trucksNow();
  let moved = 0;
  for (const [id, [lon, lat]] of after) {
    const was = before.get(id);
    if (was && (was[0] !== lon || was[1] !== lat)) moved++;
  }
  return moved;
}

async function indicatorStatus(): Promise<string | null> {
  return page.getAttribute('[data-testid="link-indicator"]', 'data-status');
}

describe('the wall screen on npm start', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A first start on an empty data folder, as on a fresh machine.
    rmSync(E2E_ENV.UB_DATA_DIR, { recursive: true, force: true });
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  });

  afterAll(async () => {
    await browser?.close();
    if (stack) await interruptStack(stack);
  });

  it('prints where the dashboard, database and broker are', () => {
    expect(stack!.dashboard).toBe(`http://127.0.0.1:${E2E_ENV.WEB_PORT}/`);
    expect(stack!.database).toMatch(new RegExp(`^postgres://.*:${E2E_ENV.PG_PORT}/`));
    expect(stack!.kafka).toBe(`127.0.0.1:${E2E_ENV.KAFKA_PORT}`);
  });

  it('shows the trucks moving live on a rendered map', async () => {
    await page.goto(stack!.dashboard);
    await page.waitForFunction(() => (window.__ubLive?.trucks().length ?? 0) >= 100, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => (window.__ubLive?.renderedTrucks ?? 0) >= 100, undefined, { timeout: 60_000 });
    expect(await indicatorStatus()).toBe('live');

    const before = await trucksNow();
    await page.waitForFunction(() => window.__ubLive!.framesReceived > 8, undefined, { timeout: 30_000 });
    await page.waitForTimeout(3000);
    // At 1 Hz most of the 120 trucks are moving; idle ones stand still.
    expect(await movedSince(before)).toBeGreaterThanOrEqual(30);

    // The map canvas exists at full size and MapLibre has drawn our layer.
    const canvas = await page.$eval('canvas.maplibregl-canvas', (c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
    expect(canvas.w).toBeGreaterThan(1000);
    expect(canvas.h).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-live.png') });
  });

  it('shows all four fleets, and a layer toggle hides its layer', async () => {
    // The default city: 11,000 bikes announce their state at start, 12 boats, 14 corridors.
    await page.waitForFunction(
      () => {
        const held = window.__ubLive!.layers();
        return held.bikes >= 10_000 && held.boats >= 10 && held.corridors >= 10;
      },
      undefined,
      { timeout: 90_000 },
    );
    await page.waitForFunction(() => window.__ubLive!.rendered().bikes >= 10_000, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__ubLive!.shown())).toEqual({ trucks: true, bikes: true, boats: true, corridors: true });
    // The moving fleets are deck.gl layers drawn from typed arrays; bikes as dots or, zoomed out, the gateway's cells.
    const drawn = await page.evaluate(() => window.__ubMap!.deckLayers());
    expect(drawn).toEqual(expect.arrayContaining(['trucks-dot', 'boats-ring', 'bikes-fence']));
    expect(drawn.includes('bikes-dot') || drawn.includes('bikes-cell'), drawn.join(', ')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-all-fleets.png') });

    await page.click('[data-testid="layer-toggle-bikes"]');
    await page.waitForFunction(() => window.__ubLive!.shown().bikes === false, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__ubLive!.shown())).toEqual({ trucks: true, bikes: false, boats: true, corridors: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-bikes-hidden.png') });
    await page.click('[data-testid="layer-toggle-bikes"]');
    await page.waitForFunction(() => window.__ubLive!.shown().bikes === true, undefined, { timeout: 10_000 });
  });

  it('selects a truck clicked on the map and shows it in the panel', async () => {
    // A truck on the open map (not under the side panel, the top bar or the ticker), with no other truck near it.
    const target = await page.evaluate(() => {
      const width = window.innerWidth;
      const height = window.innerHeight;
      const placed = window.__ubLive!.trucks().map((truck) => ({ id: truck.id, at: window.__ubMap!.project(truck.lon, truck.lat)! }));
      const open = (at: [number, number]) => at[0] > 0.1 * width && at[0] < 0.65 * width && at[1] > 0.2 * height && at[1] < 0.8 * height;
      const alone = (t: { id: string; at: [number, number] }) => placed.every((o) => o.id === t.id || Math.hypot(o.at[0] - t.at[0], o.at[1] - t.at[1]) > 40);
      return placed.find((t) => t.at && open(t.at) && alone(t)) ?? null;
    });
    expect(target, 'a truck on the open map').not.toBeNull();
    await page.mouse.click(target!.at[0], target!.at[1]);
    await page.waitForSelector(`[data-testid="entity-panel"][data-entity="${target!.id}"]`, { timeout: 20_000 });
    await page.waitForFunction(() => window.__ubMap!.deckLayers().includes('trucks-selected'), undefined, { timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-truck-selected.png') });
    await page.click('[data-testid="entity-close"]');
    await page.waitForFunction(() => !window.__ubMap!.deckLayers().includes('trucks-selected'), undefined, { timeout: 10_000 });
  });

  it('draws bikes as the gateway\'s cells zoomed out and as dots zoomed in', async () => {
    const bikeLayers = () => page.evaluate(() => window.__ubMap!.deckLayers().filter((id) => id.startsWith('bikes-') && id !== 'bikes-fence'));
    // The wall's whole-city view is below the gateway's points zoom: cells with their counts.
    await page.waitForFunction(() => window.__ubMap!.deckLayers().includes('bikes-cell'), undefined, { timeout: 30_000 });
    expect(await bikeLayers()).toEqual(['bikes-cell', 'bikes-cell-count', 'bikes-dot']);
    expect(await page.evaluate(() => window.__ubLive!.rendered().bikes)).toBeGreaterThanOrEqual(10_000);

    // Zoom in on the city centre (as a person would, with the wheel) until the gateway sends points.
    const box = (await page.$eval('canvas.maplibregl-canvas', (c) => c.getBoundingClientRect().toJSON())) as { x: number; y: number; width: number; height: number };
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.55);
    for (let i = 0; i < 20 && ((await page.evaluate(() => window.__ubMap!.zoom())) ?? 0) < 15; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(300);
    }
    await page.waitForFunction(() => !window.__ubMap!.deckLayers().includes('bikes-cell') && window.__ubLive!.rendered().bikes > 0, undefined, { timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-bikes-zoomed-in.png') });

    // Back to the whole city.
    for (let i = 0; i < 20 && ((await page.evaluate(() => window.__ubMap!.zoom())) ?? 99) > 13; i++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(300);
    }
    await page.waitForFunction(() => window.__ubMap!.deckLayers().includes('bikes-cell'), undefined, { timeout: 30_000 });
  });

  it('is legible on a 4K wall', async () => {
    // A fresh load at 4K, as the wall PC would open it: the city fitted to the bigger screen.
    const openAt = async (width: number, height: number) => {
      await page.setViewportSize({ width, height });
      // web/dist is shared by every stack on the machine: another run's build may
      // briefly replace it under the preview server. A second try then loads.
      await page.goto(stack!.dashboard).catch(async () => {
        await page.waitForTimeout(3000);
        await page.goto(stack!.dashboard);
      });
      await page.waitForFunction(() => (window.__ubLive?.rendered().trucks ?? 0) >= 100 && window.__ubLive!.rendered().bikes >= 10_000, undefined, {
        timeout: 60_000,
      });
    };
    await openAt(3840, 2160);
    // The same city on twice the pixels is a zoom level closer: cells or, past the gateway's points zoom, dots.
    await page.waitForFunction(() => window.__ubMap!.deckLayers().some((id) => id === 'bikes-cell' || id === 'bikes-dot'), undefined, { timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-4k.png'), timeout: 60_000 });
    await openAt(1920, 1080);
  });

  it("stores the readings and serves a truck's track from the api", async () => {
    const db = new Client({ connectionString: stack!.database });
    await db.connect();
    try {
      const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM truck_readings')).rows[0]!.n);
      const first = await count();
      await page.waitForTimeout(3000);
      expect(await count()).toBeGreaterThan(first);
      // Every fleet reaches the database (corridor observations come once a minute).
      for (const table of ['bike_events', 'boat_readings', 'signal_phase_changes']) {
        const { rows: n } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        expect(Number(n[0]!.n), table).toBeGreaterThan(0);
      }
      const deadline = Date.now() + 120_000;
      let observations = 0;
      while (observations === 0 && Date.now() < deadline) {
        observations = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM corridor_observations')).rows[0]!.n);
        if (observations === 0) await new Promise((r) => setTimeout(r, 2000));
      }
      expect(observations, 'corridor_observations').toBeGreaterThan(0);
      const { rows } = await db.query<{ truck_id: string; from: Date }>(
        'SELECT truck_id, min(recorded_at) AS from FROM truck_readings GROUP BY truck_id ORDER BY truck_id LIMIT 1',
      );
      const truck = rows[0]!;
      const url = new URL(`/api/trucks/${truck.truck_id}/track`, stack!.dashboard);
      url.searchParams.set('from', truck.from.toISOString());
      url.searchParams.set('to', new Date().toISOString());
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const track = (await response.json()) as { points: { seq: number }[] };
      expect(track.points.length).toBeGreaterThan(3);
      expect(track.points.map((p) => p.seq)).toEqual([...track.points.map((p) => p.seq)].sort((a, b) => a - b));
    } finally {
      await db.end();
    }
  });

  it('turns red when the gateway goes away and green again when it is back, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

    // Kill the gateway hard; npm start's supervisor brings it back.
    process.kill(servicePid('realtime'), 'SIGKILL');
    await page.waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'disconnected', undefined, {
      timeout: 30_000,
      polling: 100,
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-disconnected.png') });

    await page.waitForFunction(() => document.querySelector('[data-testid="link-indicator"]')?.getAttribute('data-status') === 'live', undefined, {
      timeout: 90_000,
    });
    const framesAtReconnect = await page.evaluate(() => window.__ubLive!.framesReceived);
    const before = await trucksNow();
    await page.waitForFunction((n) => window.__ubLive!.framesReceived > n + 8, framesAtReconnect, { timeout: 30_000 });
    await page.waitForTimeout(2000);
    expect(await movedSince(before)).toBeGreaterThanOrEqual(30);
    // Parked bikes report rarely: the restarted gateway rebuilds them from their topic.
    await page.waitForFunction(() => window.__ubLive!.layers().bikes >= 10_000, undefined, { timeout: 60_000 });
    expect(navigations).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-dashboard-reconnected.png') });
  });

  it('stops everything on Ctrl-C and frees the ports', async () => {
    const exit = await interruptStack(stack!);
    // npm itself dies of the SIGINT (as in a terminal); the supervisor below it stops everything first.
    expect(exit.code === 0 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
    expect(stack!.output()).toMatch(/^\[stack\] stopped$/m);
    for (const port of [E2E_ENV.WEB_PORT, E2E_ENV.API_PORT, E2E_ENV.REALTIME_PORT, E2E_ENV.INGEST_PORT, E2E_ENV.SIMULATOR_PORT, E2E_ENV.KAFKA_PORT, E2E_ENV.PG_PORT]) {
      expect(await portInUse(Number(port)), `port ${port}`).toBe(false);
    }
  });
});
