import { getCurrentScope, onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';

export interface KioskChromeEnvironment {
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  isFullscreen(): boolean;
  /** May be refused without a user gesture; the next gesture tries again. */
  requestFullscreen(): Promise<void>;
  exitFullscreen(): Promise<void>;
}

export function browserKioskEnvironment(): KioskChromeEnvironment {
  return {
    target: window,
    isFullscreen: () => document.fullscreenElement !== null,
    requestFullscreen: () => {
      // Asking without a gesture only earns a console error on the wall; wait for one.
      if (!document.fullscreenEnabled || navigator.userActivation?.isActive === false) return Promise.reject(new Error('full screen needs a user gesture'));
      return document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    },
    exitFullscreen: () => (document.fullscreenElement ? document.exitFullscreen() : Promise.resolve()),
  };
}

// The cursor goes after a few still seconds: a pointer parked on the wall
// looks like a fault from across the room.
export const HIDE_CURSOR_AFTER_MS = 3_000;

/**
 * Kiosk mode's chrome: K toggles it, full screen is asked for at once and again
 * on the first gesture (browsers allow it only then), and the cursor hides
 * while the mouse is still. Returns whether the cursor is hidden now.
 */
export function useKioskChrome(active: () => boolean, toggle: () => void, env: KioskChromeEnvironment = browserKioskEnvironment()): ShallowRef<boolean> {
  const cursorHidden = shallowRef(false);
  let cursorTimer: ReturnType<typeof setTimeout> | undefined;

  const askFullscreen = () => {
    if (active() && !env.isFullscreen()) env.requestFullscreen().catch(() => undefined);
  };
  const armCursor = () => {
    cursorHidden.value = false;
    clearTimeout(cursorTimer);
    if (active()) cursorTimer = setTimeout(() => (cursorHidden.value = true), HIDE_CURSOR_AFTER_MS);
  };

  const onKey = (event: Event) => {
    const key = (event as KeyboardEvent).key;
    if (key?.toLowerCase() !== 'k' || (event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).metaKey || (event as KeyboardEvent).altKey) {
      askFullscreen();
      return;
    }
    toggle();
    if (active()) askFullscreen();
    else if (env.isFullscreen()) env.exitFullscreen().catch(() => undefined);
  };
  const onGesture = () => askFullscreen();

  env.target.addEventListener('keydown', onKey);
  env.target.addEventListener('pointerdown', onGesture);
  env.target.addEventListener('pointermove', armCursor);
  const stop = watch(active, (on) => {
    if (on) askFullscreen();
    armCursor();
  }, { immediate: true });

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stop();
      clearTimeout(cursorTimer);
      env.target.removeEventListener('keydown', onKey);
      env.target.removeEventListener('pointerdown', onGesture);
      env.target.removeEventListener('pointermove', armCursor);
    });
  }
  return cursorHidden;
}
