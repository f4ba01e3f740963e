import type { TimeSpaceResponse } from '@urban-brain/proto';

/**
 * For browser tests, installed as `window.__ubTimeSpace` while a diagram is shown: where a (time,
 * distance) is drawn on the page (to read the canvas's pixels there, as a person would look) and what
 * was drawn last. Read-only.
 */
export interface TimeSpaceTestHook {
  /** Page pixel of (epoch ms, metres along), or null before the chart is drawn. */
  toPixel(tMs: number, distanceM: number): [number, number] | null;
  /** The answer the chart draws now, and how many times it has been drawn. */
  drawn(): { data: TimeSpaceResponse | null; draws: number };
}

declare global {
  interface Window {
    __ubTimeSpace?: TimeSpaceTestHook;
  }
}
