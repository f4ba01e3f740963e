import { effectScope, nextTick, shallowRef } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIDE_CURSOR_AFTER_MS, useKioskChrome, type KioskChromeEnvironment } from './use-kiosk-chrome';

function fakeScreen(allowWithoutGesture: boolean) {
  const target = new EventTarget();
  let fullscreen = false;
  let gesture = false;
  const env: KioskChromeEnvironment = {
    target: target as unknown as KioskChromeEnvironment['target'],
    isFullscreen: () => fullscreen,
    requestFullscreen: () => {
      if (!gesture && !allowWithoutGesture) return Promise.reject(new Error('needs a user gesture'));
      fullscreen = true;
      return Promise.resolve();
    },
    exitFullscreen: () => {
      fullscreen = false;
      return Promise.resolve();
    },
  };
  const send = (type: string, key?: string) => {
    gesture = type !== 'pointermove';
    target.dispatchEvent(Object.assign(new Event(type), key ? { key } : {}));
    gesture = false;
  };
  return { env, send, isFullscreen: () => fullscreen };
}

describe('kiosk chrome', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('goes full screen on the first gesture when the browser refused it at start, and hides a still cursor', async () => {
    const screen = fakeScreen(false);
    const active = shallowRef(true);
    const scope = effectScope();
    const hidden = scope.run(() => useKioskChrome(() => active.value, () => (active.value = !active.value), screen.env))!;
    await Promise.resolve();
    expect(screen.isFullscreen()).toBe(false);
    screen.send('pointerdown');
    expect(screen.isFullscreen()).toBe(true);

    await vi.advanceTimersByTimeAsync(HIDE_CURSOR_AFTER_MS);
    expect(hidden.value).toBe(true);
    screen.send('pointermove');
    expect(hidden.value).toBe(false);
    scope.stop();
  });

  it('toggles with K, leaving full screen and showing the cursor when it ends', async () => {
    const screen = fakeScreen(true);
    const active = shallowRef(false);
    const scope = effectScope();
    const hidden = scope.run(() => useKioskChrome(() => active.value, () => (active.value = !active.value), screen.env))!;
    screen.send('keydown', 'K');
    await nextTick();
    expect(active.value).toBe(true);
    expect(screen.isFullscreen()).toBe(true);
    screen.send('keydown', 'k');
    await nextTick();
    expect(active.value).toBe(false);
    expect(screen.isFullscreen()).toBe(false);
    await vi.advanceTimersByTimeAsync(HIDE_CURSOR_AFTER_MS * 2);
    expect(hidden.value).toBe(false);
    scope.stop();
  });
});
