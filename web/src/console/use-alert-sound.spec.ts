import { describe, expect, it } from 'vitest';
import { BEEP_GAP_MS, useAlertSound, type BeepAudio } from './use-alert-sound';

class FakeAudio {
  tones = 0;
  resumed = 0;
  currentTime = 0;
  destination = { connect: () => undefined };
  resume() {
    this.resumed++;
    return Promise.resolve();
  }
  createOscillator() {
    this.tones++;
    return { type: 'sine' as OscillatorType, frequency: { setValueAtTime: () => undefined }, connect: () => undefined, start: () => undefined, stop: () => undefined };
  }
  createGain() {
    return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: () => undefined };
  }
}

/** The page's events: the first click or key press arms the sound. */
class FakeGestures {
  readonly listeners = new Map<string, () => void>();
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener);
  }
  removeEventListener(type: string) {
    this.listeners.delete(type);
  }
}

function setUp() {
  const audio = new FakeAudio();
  const gestures = new FakeGestures();
  let now = 0;
  const sound = useAlertSound(() => audio as unknown as BeepAudio, gestures as unknown as EventTarget, () => now);
  return { audio, gestures, sound, later: (ms: number) => (now += ms) };
}

describe('useAlertSound', () => {
  it('stays silent until the page has been clicked once (browsers refuse earlier audio), then beeps', () => {
    const { audio, gestures, sound } = setUp();
    sound.beep();
    expect(audio.tones).toBe(0);
    expect(sound.audible.value).toBe(false);
    gestures.listeners.get('pointerdown')!();
    expect(audio.resumed).toBe(1);
    expect(gestures.listeners.size).toBe(0);
    expect(sound.audible.value).toBe(true);
    sound.beep();
    expect(audio.tones).toBe(2);
  });

  it('mutes and unmutes from the toggle, which also arms it when pressed first', () => {
    const { audio, sound, later } = setUp();
    sound.toggle();
    expect(sound.armed.value).toBe(true);
    expect(sound.muted.value).toBe(false);
    sound.toggle();
    sound.beep();
    expect(audio.tones).toBe(0);
    sound.toggle();
    later(BEEP_GAP_MS);
    sound.beep();
    expect(audio.tones).toBe(2);
  });

  it('makes a burst of criticals one beep', () => {
    const { audio, sound, later } = setUp();
    sound.toggle();
    sound.beep();
    later(BEEP_GAP_MS - 1);
    sound.beep();
    expect(audio.tones).toBe(2);
    later(1);
    sound.beep();
    expect(audio.tones).toBe(4);
  });
});
