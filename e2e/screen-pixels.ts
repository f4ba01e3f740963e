// What a person sees, read back from Playwright screenshots (PNG, decoded with pngjs).
// Software WebGL (SwiftShader) antialiases edges and deck.gl blends translucent
// fills, so a colour is looked for within a tolerance in a small box around a
// point, never at one exact pixel.
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

export type Rgb = readonly [number, number, number];

export interface Shot {
  width: number;
  height: number;
  data: Buffer;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** '#rrggbb' to RGB. */
export function rgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** A screenshot of the whole viewport, decoded; also written to `path` for a person to look at. */
/**
 * Waits for the web font slices the page has asked for: the Chinese face is split by unicode range and
 * fetched as text needs it, so a shot taken at once draws the newest strings as boxes.
 */
export async function fontsSettled(page: Page): Promise<void> {
  // Not async functions: SWC would compile them to a helper the page does not have.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** At once: callers that compare it with where things were a moment before call fontsSettled first. */
export async function screenshot(page: Page, path: string, timeout = 180_000): Promise<Shot> {
  return PNG.sync.read(await page.screenshot({ path, timeout }));
}

export function colorAt(shot: Shot, x: number, y: number): Rgb {
  const i = (Math.round(y) * shot.width + Math.round(x)) * 4;
  return [shot.data[i]!, shot.data[i + 1]!, shot.data[i + 2]!];
}

/** Largest per-channel difference. */
export const colorDistance = (a: Rgb, b: Rgb): number => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));

/** How many pixels of the (2 half + 1)² box around `at` are within `tolerance` of `color` (9x9 by default). */
export function countNear(shot: Shot, at: readonly [number, number], color: Rgb, half = 4, tolerance = 32): number {
  let n = 0;
  for (let y = Math.round(at[1]) - half; y <= Math.round(at[1]) + half; y++) {
    for (let x = Math.round(at[0]) - half; x <= Math.round(at[0]) + half; x++) {
      if (x < 0 || y < 0 || x >= shot.width || y >= shot.height) continue;
      if (colorDistance(colorAt(shot, x, y), color) <= tolerance) n++;
    }
  }
  return n;
}

/** How many pixels differ by more than `tolerance` between two shots in the box around `at`. */
export function changedNear(a: Shot, b: Shot, at: readonly [number, number], half = 4, tolerance = 32): number {
  let n = 0;
  for (let y = Math.round(at[1]) - half; y <= Math.round(at[1]) + half; y++) {
    for (let x = Math.round(at[0]) - half; x <= Math.round(at[0]) + half; x++) {
      if (x < 0 || y < 0 || x >= a.width || y >= a.height) continue;
      if (colorDistance(colorAt(a, x, y), colorAt(b, x, y)) > tolerance) n++;
    }
  }
  return n;
}

// WCAG relative luminance and contrast ratio.
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text as drawn in a box: where its ink is (device pixels, page coordinates), and how it stands out. */
export interface Ink {
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Rows from the top of the highest glyph to the bottom of the lowest. */
  height: number;
  background: Rgb;
  /** The ink pixel that stands out most (a glyph's core, not its antialiased edge). */
  ink: Rgb;
  contrast: number;
}

/**
 * The ink of the text inside `box`: the background is the box's most common
 * colour, ink every pixel with at least 2:1 contrast against it. Null when the
 * box holds no such pixel.
 */
export function inkIn(shot: Shot, box: Box): Ink | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(shot.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(shot.height, Math.ceil(box.y + box.height));
  const counts = new Map<number, number>();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = colorAt(shot, x, y);
      const key = (r << 16) | (g << 8) | b;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return null;
  const bgKey = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const background: Rgb = [(bgKey >> 16) & 255, (bgKey >> 8) & 255, bgKey & 255];
  let found: Ink | null = null;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const color = colorAt(shot, x, y);
      const contrast = contrastRatio(color, background);
      if (contrast < 2) continue;
      if (!found) found = { top: y, bottom: y, left: x, right: x, height: 1, background, ink: color, contrast };
      found.top = Math.min(found.top, y);
      found.bottom = Math.max(found.bottom, y);
      found.left = Math.min(found.left, x);
      found.right = Math.max(found.right, x);
      if (contrast > found.contrast) Object.assign(found, { ink: color, contrast });
    }
  }
  if (found) found.height = found.bottom - found.top + 1;
  return found;
}
