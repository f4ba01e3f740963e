// Chinese on a wall PC that has no Chinese font: Chromium runs with a fontconfig
// that knows only DejaVu (no CJK glyphs), so any Chinese character the app does
// not bring itself is drawn as the same empty box. The built app is served by
// `vite preview` alone: the page's own strings are Chinese in zh-CN even while
// the api and the socket answer errors. A Chinese glyph of Noto Sans SC is one em
// wide; DejaVu's box is about a third of that, the same for every character.
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { hanRuns } from './han-glyphs';
import { fontsSettled as settleFonts } from './screen-pixels';
import { ROOT } from './started-stack';

const ARTIFACTS = path.join(ROOT, 'artifacts');
const WEB = path.join(ROOT, 'web');
const VITE = path.join(WEB, 'node_modules', '.bin', 'vite');
const ONLY_FONTS = '/usr/share/fonts/truetype/dejavu';
// Han ideographs (the UI's Chinese); punctuation and digits are left out of the width checks.
const HAN = /[\u4e00-\u9fff]/;

interface FontRequest {
  url: string;
  bytes: number;
}
let work: string;
let preview: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let origin: string;
const fontRequests: FontRequest[] = [];
let pageBytes = 0;
// What the page itself fetched, before the map-name check lays out characters of its own.
let pageFonts: FontRequest[] = [];
let pageTotalBytes = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Web font slices still loading settle; called after anything new is laid out. */
const fontsSettled = (): Promise<void> => settleFonts(page);

describe('Chinese on a machine without a Chinese font', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    work = mkdtempSync(path.join(os.tmpdir(), 'ub-cjk-font-'));
    if (!existsSync(ONLY_FONTS)) throw new Error(`${ONLY_FONTS} is missing: the test needs DejaVu as the only system font`);
    const fontsConf = path.join(work, 'fonts.conf');
    writeFileSync(
      fontsConf,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${ONLY_FONTS}</dir>\n  <cachedir>${path.join(work, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
    );
    // Its own build of the current sources, so a stale or half-written web/dist never decides.
    const dist = path.join(work, 'dist');
    await promisify(execFile)(VITE, ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: WEB });
    const [webPort, deadPort] = [await freePort(), await freePort()];
    // The api and the socket point at a port nobody listens on: the page gets errors, not data.
    preview = spawn(VITE, ['preview', '--outDir', dist, '--port', String(webPort), '--strictPort'], {
      cwd: WEB,
      env: { ...process.env, WEB_PORT: String(webPort), API_PORT: String(deadPort), REALTIME_PORT: String(deadPort) },
      detached: true,
      stdio: 'ignore',
    });
    origin = `http://127.0.0.1:${webPort}`;
    await waitForHttp(`${origin}/`, 60_000);

    browser = await launchChromium({ env: { FONTCONFIG_FILE: fontsConf } });
    // zh-CN three ways (address, stored choice, browser language), so a redirect that drops the query keeps it.
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('ub.locale', 'zh-CN'));
    page = await context.newPage();
    page.on('response', async (response) => {
      const body = await response.body().catch(() => null);
      if (!body) return;
      pageBytes += body.length;
      if (/\.woff2?(\?|$)/.test(response.url())) fontRequests.push({ url: response.url(), bytes: body.length });
    });
    await page.goto(`${origin}/?lang=zh-CN`);
    // Whatever page the address lands on (the wall, or a sign-in page), it shows Chinese.
    await page.waitForFunction(
      (han) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (new RegExp(han).test(node.textContent ?? '') && node.parentElement!.getClientRects().length > 0) return true;
        }
        return false;
      },
      HAN.source,
      { timeout: 60_000 },
    );
    await fontsSettled();
    // The failing api and socket retry on their own timers; a quiet half second is enough to count.
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
    pageFonts = [...fontRequests];
    pageTotalBytes = pageBytes;
  });

  afterAll(async () => {
    await browser?.close();
    if (preview?.pid) {
      try {
        process.kill(-preview.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs on a machine whose system fonts draw Chinese as boxes (so the checks below mean something)', async () => {
    // A face nobody has: the browser falls back to the system fonts alone.
    const boxes = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = '32px "ub-no-such-font"';
      return ['城', '市', '大', '脑', '\uffff'].map((ch) => {
        const m = ctx.measureText(ch);
        return [m.width, m.actualBoundingBoxLeft, m.actualBoundingBoxRight, m.actualBoundingBoxAscent, m.actualBoundingBoxDescent].join();
      });
    });
    // Four different characters, one shape: the same box as a code point that is no character at all.
    expect(new Set(boxes).size, `system glyph boxes: ${boxes.join(' | ')}`).toBe(1);
  });

  it('draws the page’s Chinese in the bundled Noto Sans SC', async () => {
    await page.screenshot({ path: path.join(ARTIFACTS, 'cjk-font-zh-CN.png') });
    const runs = await hanRuns(page);
    expect(runs.reduce((n, run) => n + run.han, 0), 'Han characters on the page').toBeGreaterThanOrEqual(4);
    // Every one a full em wide (a box is about 0.4 em).
    const narrow = runs.filter((run) => run.notOneEm > 0);
    expect(narrow, `drawn narrower or wider than a Chinese glyph: ${JSON.stringify(narrow.slice(0, 10))}`).toEqual([]);
    const faces = await page.evaluate(() => {
      let loaded = 0;
      document.fonts.forEach((f) => (loaded += f.family.replace(/"/g, '') === 'Noto Sans SC' && f.status === 'loaded' ? 1 : 0));
      return loaded;
    });
    expect(faces).toBeGreaterThan(0);
    // Distinct characters, distinct shapes, in the font the page's text asks for.
    const shapes = await page.evaluate((chars) => {
      const element = Array.from(document.querySelectorAll('body *')).find((e) => e.childElementCount === 0 && /[\u4e00-\u9fff]/.test(e.textContent ?? ''))!;
      const ctx = document.createElement('canvas').getContext('2d')!;
      // From the longhands: the shorthand reads '' when a longhand it cannot say is set (the page's
      // font-feature-settings, see web/src/styles/reshape-on-font-load.ts).
      const style = getComputedStyle(element);
      ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return chars.map((ch) => {
        const m = ctx.measureText(ch);
        return [m.actualBoundingBoxLeft, m.actualBoundingBoxRight, m.actualBoundingBoxAscent, m.actualBoundingBoxDescent].join();
      });
    }, [...new Set(runs.flatMap((run) => [...run.chars]))].slice(0, 8));
    expect(new Set(shapes).size, `glyph boxes: ${shapes.join(' | ')}`).toBeGreaterThan(1);
  });

  it('draws the map’s names (HTML markers inside the map container) in it too', async () => {
    // A name as BasemapLayer.vue makes one, inside a map container: maplibre-gl.css sets its own
    // font there (no Chinese), so only the wall's rule on .map-label brings the bundled face.
    await page.evaluate(() => {
      const map = document.createElement('div');
      map.className = 'maplibregl-map';
      map.dataset.testid = 'cjk-map-probe';
      map.innerHTML = '<div class="map-label map-label--site"><span>城南垃圾转运站</span></div><div class="map-label map-label--district"><span>市中区</span></div>';
      document.body.appendChild(map);
    });
    await fontsSettled();
    const runs = await hanRuns(page, '[data-testid="cjk-map-probe"]');
    expect(runs.reduce((n, run) => n + run.han, 0)).toBe(10);
    expect(runs.filter((run) => run.notOneEm > 0)).toEqual([]);
    await page.evaluate(() => document.querySelector('[data-testid="cjk-map-probe"]')!.remove());
  });

  it('fetches only a few font slices, all from its own server', () => {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
    const fontBytes = pageFonts.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`zh-CN page: ${pageFonts.length} font files, ${kb(fontBytes)}; everything the page fetched: ${kb(pageTotalBytes)}`);
    console.log(pageFonts.map((r) => `${r.url.replace(/.*\//, '')} ${kb(r.bytes)}`).join('\n'));
    expect(pageFonts.length).toBeGreaterThan(0);
    expect(fontRequests.filter((r) => !r.url.startsWith(origin))).toEqual([]);
    // woff2 only: the woff fallbacks in fontsource's CSS are for browsers the wall does not run.
    expect(fontRequests.filter((r) => !r.url.includes('.woff2'))).toEqual([]);
  });
});
