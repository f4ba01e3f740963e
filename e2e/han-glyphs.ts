// Chinese drawn as Chinese: a Han character of the bundled Noto Sans SC advances one em; the empty
// box a face without it draws (.notdef) is about a third of that, the same for every character.
// On a machine without a Chinese system font (this one: DejaVu and Liberation only), every box the
// page draws is a character the app's own font did not reach.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { fontsSettled } from './screen-pixels';

/** A run of text holding Han characters, and how many of them are not one em wide. */
export interface HanRun {
  text: string;
  /** The Han characters measured, in order. */
  chars: string;
  han: number;
  notOneEm: number;
  em: number[];
}

/**
 * The visible text runs under `selector` holding Han characters, each character's advance in em of
 * its element's font size, scaled by its ancestors' zoom and transforms (the wall's top bar is zoomed
 * to 0.8 in the desk pages' app bar). Text under a rotation (road and river names laid along their
 * line) is measured with the rotation lifted; under a skew it is left out.
 */
export function hanRuns(page: Page, selector = 'body'): Promise<HanRun[]> {
  return page.evaluate((selector) => {
    const runs: { text: string; chars: string; han: number; notOneEm: number; em: number[] }[] = [];
    const isHan = /[\u4e00-\u9fff]/;
    /** The horizontal scale of the element's zoom and transforms, or null under a skew left in place. */
    const scaleOf = (element: Element): number | null => {
      let scale = 1;
      for (let e: Element | null = element; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        scale *= parseFloat(style.zoom) || 1;
        const transform = style.transform;
        if (!transform || transform === 'none') continue;
        const m = new DOMMatrixReadOnly(transform);
        if (Math.abs(m.b) > 1e-3 || Math.abs(m.c) > 1e-3) return null;
        scale *= m.a;
      }
      return scale;
    };
    // Rotated text (road names laid along their road) is measured upright: the transform is lifted for
    // the measurement and put back before anything is painted. A word's shape does not depend on it.
    const lifted: { element: HTMLElement; value: string; priority: string }[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(`${selector}, ${selector} *`))) {
      const transform = getComputedStyle(element).transform;
      if (!transform || transform === 'none') continue;
      const m = new DOMMatrixReadOnly(transform);
      if (Math.abs(m.b) <= 1e-3 && Math.abs(m.c) <= 1e-3) continue;
      lifted.push({ element, value: element.style.getPropertyValue('transform'), priority: element.style.getPropertyPriority('transform') });
      element.style.setProperty('transform', 'none', 'important');
    }
    for (const root of Array.from(document.querySelectorAll(selector))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        if (!isHan.test(text)) continue;
        const element = node.parentElement!;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
        const scale = scaleOf(element);
        if (scale === null) continue;
        const fontSize = parseFloat(style.fontSize) * scale;
        const spacing = (parseFloat(style.letterSpacing) || 0) * scale;
        const run = { text: text.trim().slice(0, 24), chars: '', han: 0, notOneEm: 0, em: [] as number[] };
        for (let i = 0; i < text.length; i++) {
          if (!isHan.test(text[i]!)) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const { width } = range.getBoundingClientRect();
          if (width === 0) continue;
          const em = (width - spacing) / fontSize;
          run.han++;
          run.chars += text[i];
          run.em.push(Math.round(em * 100) / 100);
          if (Math.abs(em - 1) > 0.05) run.notOneEm++;
        }
        if (run.han > 0) runs.push(run);
      }
    }
    for (const { element, value, priority } of lifted) {
      if (value) element.style.setProperty('transform', value, priority);
      else element.style.removeProperty('transform');
    }
    return runs;
  }, selector);
}

/**
 * Expects at least `atLeast` Han characters under `selector`, every one drawn one em wide, within
 * `timeout`. Text that appears after the fonts settled (the map's place names as it flies to an
 * alert, a new queue row) asks for slices of its own, and while those load the browser draws boxes,
 * as any page does; what must hold is that they become Chinese once loaded, and stay so. So the
 * check is repeated until it holds; a word still boxed at the end fails it, with the font set's
 * status and what was seen on the way.
 */
export async function expectChineseDrawn(page: Page, where: string, atLeast = 1, selector = 'body', timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const seen: string[] = [];
  for (;;) {
    await fontsSettled(page);
    const runs = await hanRuns(page, selector);
    const han = runs.reduce((sum, run) => sum + run.han, 0);
    const boxes = runs.filter((run) => run.notOneEm > 0).map(({ text, em }) => ({ text, em }));
    const done = han >= atLeast && boxes.length === 0;
    if (done || Date.now() > deadline) {
      if (seen.length > 0) console.log(`${where}: Chinese drawn after ${seen.length} look(s) with boxes: ${seen.join('; ')}`);
      expect(han, `${where}: Han characters on the page`).toBeGreaterThanOrEqual(atLeast);
      const status = await page.evaluate(() => document.fonts.status);
      expect(boxes, `${where}: drawn narrower or wider than a Chinese glyph (boxes; fonts ${status})`).toEqual([]);
      return;
    }
    seen.push(`${han} Han, boxed: ${boxes.map((box) => box.text).join(' ') || '-'}`);
    await page.waitForTimeout(500);
  }
}
