#!/usr/bin/env node
// Map frame rate in headless Chromium (software WebGL here: ANGLE on SwiftShader,
// no GPU), at 11,000 and 50,000 moving trucks, drawn two ways in the same run:
// the wall's deck.gl truck layer from typed arrays and, as the baseline, a plain
// MapLibre GeoJSON source updated with setData. Each truck reports once a second;
// a binary LiveFrame arrives every 100 ms (the gateway's tick); the map repaints
// every frame. Per run: fps from requestAnimationFrame, frame-interval p50/p95,
// and main-thread ms per update (decode, apply, build, and the library call).
//
// Needs no stack: it builds web/fps-bench.html (web/vite.bench.config.ts) and
// serves it itself. Last line: JSON with fps_11k, fps_11k_geojson, fps_50k,
// fps_50k_geojson, update_ms_* and the WebGL renderer.
// Usage: node bench/map-fps.bench.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 6 : 15;
const PORT = 3220;
const DIST = path.join(ROOT, 'web/dist-bench');
const RESULT_DIR = path.join(ROOT, '.data/bench-map');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const TARGET_FPS = 55;
const say = (message) => process.stderr.write(`[bench:map] ${message}\n`);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(DIST, url.pathname === '/' ? 'fps-bench.html' : path.normalize(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', () => resolve(server)));
}

async function measure(browser, drawer, entities) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await page.goto(`http://127.0.0.1:${PORT}/fps-bench.html?drawer=${drawer}&n=${entities}&seconds=${SECONDS}`);
    await page.waitForFunction(() => window.__fpsResult || window.__fpsError, undefined, { timeout: (SECONDS + 90) * 1000, polling: 500 });
    const error = await page.evaluate(() => window.__fpsError);
    if (error) throw new Error(`${drawer} ${entities}: ${error}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `bench-map-${drawer}-${entities}.png`) });
    return await page.evaluate(() => window.__fpsResult);
  } finally {
    await page.close();
  }
}

async function main() {
  say('building web/fps-bench.html');
  execFileSync('pnpm', ['exec', 'vite', 'build', '-c', 'vite.bench.config.ts', '--logLevel', 'warn'], { cwd: path.join(ROOT, 'web'), stdio: ['ignore', 'inherit', 'inherit'] });
  mkdirSync(RESULT_DIR, { recursive: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
  const runs = [];
  try {
    for (const entities of [11_000, 50_000]) {
      for (const drawer of ['deck', 'geojson']) {
        say(`${drawer}, ${entities} entities, ${SECONDS}s`);
        const result = await measure(browser, drawer, entities);
        if (result.drawn !== entities) throw new Error(`${drawer} holds ${result.drawn} of ${entities} entities`);
        runs.push(result);
        console.log(
          `${drawer.padEnd(7)} ${String(entities).padStart(6)} entities | ${String(result.fps).padStart(5)} fps | frame p50 ${result.frameMsP50} ms p95 ${result.frameMsP95} ms | ` +
            `update (main thread) p50 ${result.updateMsP50} ms p95 ${result.updateMsP95} ms over ${result.updates} updates`,
        );
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const pick = (drawer, entities) => runs.find((r) => r.drawer === drawer && r.entities === entities);
  const summary = {
    date: new Date().toISOString(),
    renderer: runs[0]?.renderer,
    fps_11k: pick('deck', 11_000).fps,
    fps_11k_geojson: pick('geojson', 11_000).fps,
    fps_50k: pick('deck', 50_000).fps,
    fps_50k_geojson: pick('geojson', 50_000).fps,
    update_ms_50k: pick('deck', 50_000).updateMsP50,
    update_ms_50k_geojson: pick('geojson', 50_000).updateMsP50,
    update_ms_11k: pick('deck', 11_000).updateMsP50,
    update_ms_11k_geojson: pick('geojson', 11_000).updateMsP50,
    runs,
  };
  console.log('');
  console.log(
    `renderer: ${summary.renderer} (software WebGL, no GPU); target >= ${TARGET_FPS} fps at 50,000 on a wall PC with a GPU. ` +
      `50k: deck ${summary.fps_50k} fps vs GeoJSON ${summary.fps_50k_geojson} fps (x${(summary.fps_50k / Math.max(0.1, summary.fps_50k_geojson)).toFixed(1)}); ` +
      `main thread per update ${summary.update_ms_50k} vs ${summary.update_ms_50k_geojson} ms`,
  );
  writeFileSync(path.join(RESULT_DIR, 'result.json'), JSON.stringify(summary) + '\n');
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  say(`failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
