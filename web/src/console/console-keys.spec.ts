import { describe, expect, it } from 'vitest';
import { consoleCommand } from './console-keys';

const press = (key: string, target: unknown = { tagName: 'BODY' }, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  consoleCommand({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers, target: target as EventTarget });

describe('the console keys', () => {
  it('maps J/K and the arrows, A, S, R, Enter and Escape', () => {
    expect([press('j'), press('J'), press('ArrowDown'), press('k'), press('ArrowUp')]).toEqual(['next', 'next', 'next', 'previous', 'previous']);
    expect([press('a'), press('s'), press('r'), press('Enter'), press('Escape')]).toEqual(['acknowledge', 'assign-first', 'resolve', 'open', 'dismiss']);
    expect(press('x')).toBeNull();
  });

  it('leaves letters typed into a field to the field, but Escape still closes it', () => {
    expect(press('a', { tagName: 'INPUT' })).toBeNull();
    expect(press('r', { tagName: 'TEXTAREA' })).toBeNull();
    expect(press('j', { tagName: 'SELECT' })).toBeNull();
    expect(press('Escape', { tagName: 'TEXTAREA' })).toBe('dismiss');
  });

  it('ignores shortcuts with a modifier held, and Enter on a button', () => {
    expect(press('r', undefined, { ctrlKey: true })).toBeNull();
    expect(press('a', undefined, { metaKey: true })).toBeNull();
    expect(press('Enter', { tagName: 'BUTTON' })).toBeNull();
  });
});
