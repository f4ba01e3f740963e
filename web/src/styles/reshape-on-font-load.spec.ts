import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RESHAPE_PROPERTY, reshapeTag, reshapeTextOnFontLoad } from './reshape-on-font-load';

/** A root element's inline style, as far as the module touches it. */
function fakeRoot() {
  const properties = new Map<string, string>();
  return { style: { setProperty: (name: string, value: string) => properties.set(name, value) }, get: (name: string) => properties.get(name) };
}

describe('reshapeTextOnFontLoad', () => {
  it('gives the root a feature setting it has not had before after every round of font loads, and stops', () => {
    const fonts = new EventTarget();
    const root = fakeRoot();
    const stop = reshapeTextOnFontLoad(root, fonts);
    expect(root.get(RESHAPE_PROPERTY)).toBeUndefined();
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      fonts.dispatchEvent(new Event('loadingdone'));
      seen.push(root.get(RESHAPE_PROPERTY)!);
    }
    expect(new Set(seen).size).toBe(50);
    for (const setting of seen) expect(setting).toMatch(/^"u[0-9a-z]{3}" 0$/);
    stop();
    fonts.dispatchEvent(new Event('loadingdone'));
    expect(root.get(RESHAPE_PROPERTY)).toBe(seen.at(-1));
  });

  it('reaches every element through wall.css, past any font shorthand (the map container sets one)', () => {
    const css = readFileSync(path.join(__dirname, 'wall.css'), 'utf8');
    expect(css).toMatch(new RegExp(`\\*,\\s*\\*::before,\\s*\\*::after\\s*\\{[^}]*font-feature-settings:\\s*var\\(${RESHAPE_PROPERTY},\\s*normal\\)`));
  });

  it('makes four-character tags (what font-feature-settings accepts)', () => {
    for (const n of [0, 1, 35, 36, 1295, 46_655, 46_656]) expect(reshapeTag(n)).toMatch(/^u[0-9a-z]{3}$/);
    expect(reshapeTag(1)).not.toBe(reshapeTag(2));
  });
});
