#!/usr/bin/env node
// Replay playback (issue 14, key replay_hour_s): seconds to play one hour of the whole default city,
// every layer, at the fastest speed ("as fast as it draws") on the /replay page in Chromium (software
// WebGL here), through the real api and database. The hour is recorded first: `npm start` on its own
// data folder and ports with the simulator backfilling the last two hours (SIM_BACKFILL, one with --quick) through
// Kafka and ingest, as a fresh demo does with the day so far. Timed from pressing play (the city at
// the hour's start already drawn) to the player's "end of the window"; the frames applied, chunks held
// and the api's retries are printed beside it. Last line: JSON.
// Usage: node bench/replay-playback.bench.mjs [--quick]   (--quick: a quarter of an hour, figure scaled to the hour)
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const quick = process.argv.includes('--quick');
const PLAY_MS = quick ? 15 * 60_000 : 3_600_000;
const OFFSET = 500;
const port = (base) => String(base + OFFSET);
const DATA_DIR = path.join(ROOT, '.data/bench-replay');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const TARGET_S = 60;
const say = (message) => process.stderr.write(`[bench:replay] ${message}\n`);

const ENV = {
  UB_DATA_DIR: DATA_DIR,
  KAFKA_PORT: port(39092),
  KAFKA_CONTROLLER_PORT: port(39093),
  PG_PORT: port(55434),
  API_PORT: port(3100),
  REALTIME_PORT: port(3101),
  INGEST_PORT: port(3102),
  SIMULATOR_PORT: port(3103),
  ALERTING_PORT: port(3104),
  WEB_PORT: port(5180),
  SIM_BACKFILL: quick ? '1h' : '2h',
};

/** `npm start` as a person runs it; resolves with its printed addresses and logins once it says it is running. */
async function startStack() {
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...ENV }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk.toString()));
  child.stderr.on('data', (chunk) => (out += chunk.toString()));
  const line = (name) => out.match(new RegExp(`^${name}: (\\S+)$`, 'm'))?.[1];
  const deadline = Date.now() + 600_000;
  while (!(line('Dashboard') && /^\[stack\] running; press Ctrl-C to stop$/m.test(out))) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const logins = [...out.matchAll(/^Login: (\S+) \/ (\S+) \((\w+)\)$/gm)].map(([, username, password, role]) => ({ username, password, role }));
  return { child, origin: new URL('/', line('Dashboard')).href, logins, output: () => out };
}

async function stopStack(stack) {
  const closed = new Promise((resolve) => stack.child.once('close', resolve));
  try {
    process.kill(-stack.child.pid, 'SIGINT');
  } catch {
    return;
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 90_000))]);
}

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  say(`npm start with the last ${ENV.SIM_BACKFILL} backfilled (ports +${OFFSET}, ${DATA_DIR})`);
  const stack = await startStack();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const engineer = stack.logins.find((l) => l.role === 'engineer');
    if (!engineer) throw new Error('npm start printed no engineer login');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(new URL('/sign-in?next=/replay&lang=en', stack.origin).href);
    await page.fill('[data-testid="sign-in-username"]', engineer.username);
    await page.fill('[data-testid="sign-in-password"]', engineer.password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="replay-page"]', { timeout: 120_000 });
    // The backfill is stored once the range reaches back over the window and every fleet's past is in: the
    // fleets are backfilled side by side at their own pace, so the range (any fleet) can cover the window before
    // the trucks do. Trucks at both ends of the window: theirs is stored through it.
    let range;
    let fromMs = 0;
    let toMs = 0;
    const trucksAt = (ms) =>
      page.evaluate((at) => fetch(`/api/history/state?fleet=trucks&at=${at}&limit=1`).then((r) => r.json()).then((b) => b.entities?.length ?? 0), new Date(ms).toISOString());
    for (const deadline = Date.now() + 1_200_000; ; ) {
      range = await page.evaluate(() => fetch('/api/replay/range').then((r) => r.json()));
      if (range.earliest && Date.parse(range.latest) - Date.parse(range.earliest) > PLAY_MS + 120_000) {
        fromMs = Math.ceil(Date.parse(range.earliest) / 60_000) * 60_000 + 60_000;
        toMs = fromMs + PLAY_MS;
        if ((await trucksAt(fromMs)) > 0 && (await trucksAt(toMs)) > 0) break;
      }
      if (Date.now() > deadline) throw new Error(`the backfill stored no ${PLAY_MS / 60_000} min of every fleet: ${JSON.stringify(range)}`);
      await page.waitForTimeout(10_000);
    }
    await page.goto(new URL(`/replay?from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&speed=max&lang=en`, stack.origin).href);
    try {
      await page.waitForFunction(() => window.__ubReplay?.status() === 'paused' && (window.__ubLive?.rendered().trucks ?? 0) > 0, undefined, { timeout: 180_000 });
    } catch (error) {
      const seen = await page.evaluate(() => ({ url: location.href, status: window.__ubReplay?.status(), clock: window.__ubReplay?.clockMs(), layers: window.__ubLive?.layers(), rendered: window.__ubLive?.rendered() }));
      await page.screenshot({ path: path.join(ARTIFACTS, 'bench-replay-playback-stuck.png') });
      throw new Error(`the city at the window's start was not drawn: ${JSON.stringify({ range, seen })}`, { cause: error });
    }
    const layers = await page.evaluate(() => window.__ubLive.layers());
    say(`city at the start: ${JSON.stringify(layers)}; playing ${PLAY_MS / 60_000} min at max`);
    const started = Date.now();
    let heldMax = 0;
    await page.evaluate(() => window.__ubReplay.play());
    for (;;) {
      const state = await page.evaluate(() => ({ status: window.__ubReplay.status(), held: window.__ubReplay.heldChunks(), clock: window.__ubReplay.clockMs() }));
      heldMax = Math.max(heldMax, state.held);
      if (state.status === 'ended') break;
      if (state.status === 'refused') throw new Error('the api refused a chunk');
      if (Date.now() - started > 1_800_000) throw new Error(`still playing after 30 min at ${new Date(state.clock).toISOString()}`);
      await page.waitForTimeout(250);
    }
    const playedS = (Date.now() - started) / 1000;
    const frames = await page.evaluate(() => window.__ubReplay.framesApplied());
    await page.screenshot({ path: path.join(ARTIFACTS, 'bench-replay-playback.png') });
    const hourS = +(playedS * (3_600_000 / PLAY_MS)).toFixed(1);
    console.log(`played ${PLAY_MS / 60_000} min of the city (${JSON.stringify(layers)}) in ${playedS.toFixed(1)} s; ${frames} frames applied; at most ${heldMax} chunks held`);
    console.log(`replay_hour_s ${hourS} (target <= ${TARGET_S}); machine ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, software WebGL`);
    console.log(JSON.stringify({ bench: 'replay-playback', date: new Date().toISOString(), replay_hour_s: hourS, played_min: PLAY_MS / 60_000, played_s: +playedS.toFixed(1), frames, held_chunks_max: heldMax, layers, quick }));
  } finally {
    await browser.close();
    await stopStack(stack);
  }
}

main().catch((error) => {
  say(`failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
