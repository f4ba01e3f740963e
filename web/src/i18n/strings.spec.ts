import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale, en, strings, zhCN } from './strings';

type Tree = { [key: string]: unknown };

/** Every leaf as [path, value]: strings as they are, functions called with sample arguments. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'function') return [[path, String((value as (...args: unknown[]) => unknown)(...Array.from({ length: value.length }, () => '7')))]];
    if (value && typeof value === 'object') return leaves(value as Tree, path);
    return [[path, value as string]];
  });
}

const shape = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') return shape(value as Tree, path);
    return [`${path}:${typeof value}${typeof value === 'function' ? (value as () => unknown).length : ''}`];
  });

describe('the wall strings', () => {
  afterEach(() => applyLocale('en'));

  it('has the same keys, kinds and argument counts in English and Chinese', () => {
    expect(shape(zhCN).sort()).toEqual(shape(en).sort());
  });

  it('has no empty string in either language, with arguments filled in', () => {
    for (const [path, text] of [...leaves(en), ...leaves(zhCN)]) {
      expect(text.trim(), path).not.toBe('');
      expect(text, path).not.toContain('undefined');
    }
  });

  it('places every argument in every sentence of both languages', () => {
    const functions = (tree: Tree, prefix = ''): [string, (...args: string[]) => string][] =>
      Object.entries(tree).flatMap(([key, value]): [string, (...args: string[]) => string][] => {
        const path = prefix ? `${prefix}.${key}` : key;
        if (typeof value === 'function') return [[path, value as (...args: string[]) => string]];
        return value && typeof value === 'object' ? functions(value as Tree, path) : [];
      });
    for (const [path, sentence] of [...functions(en), ...functions(zhCN)]) {
      const markers = Array.from({ length: sentence.length }, (_, i) => `<${i}>`);
      const text = sentence(...markers);
      for (const marker of markers) expect(text, path).toContain(marker);
    }
  });

  it('is written in Chinese characters in zh-CN, not left in English', () => {
    for (const [path, text] of leaves(zhCN)) {
      // Symbols and numbers alone ('—', '< 50%') are the same in both.
      if (!/[A-Za-z]{3,}/.test(text.replace(/GPS|km\/h/g, ''))) continue;
      expect.fail(`${path} is still English: ${text}`);
    }
  });

  it('switches the strings in use in place, so views holding them update', () => {
    const held = strings;
    applyLocale('zh-CN');
    expect(held.title).toBe('城市大脑');
    expect(held.kpi.trucksOnDuty).toBe('在岗环卫车');
    applyLocale('en');
    expect(held.title).toBe('Urban Brain');
  });
});
