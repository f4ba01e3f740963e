import { computed, getCurrentScope, onScopeDispose, shallowRef, type ComputedRef, type ShallowRef } from 'vue';

interface BeepNode {
  connect(destination: BeepNode): unknown;
}
/** The part of WebAudio the beep uses (a fake in specs). */
export interface BeepAudio {
  readonly currentTime: number;
  readonly destination: BeepNode;
  resume(): Promise<void>;
  createOscillator(): BeepNode & { type: OscillatorType; frequency: Pick<AudioParam, 'setValueAtTime'>; start(when: number): void; stop(when: number): void };
  createGain(): BeepNode & { gain: Pick<AudioParam, 'setValueAtTime' | 'exponentialRampToValueAtTime'> };
}

// A burst of critical alerts is one beep, not a siren.
export const BEEP_GAP_MS = 1_500;
const TONE_HZ = 880;
const TONE_S = 0.16;

export interface AlertSound {
  /** The page may play sound: the user has clicked or typed in it once (browsers refuse audio before). */
  readonly armed: ShallowRef<boolean>;
  readonly muted: ShallowRef<boolean>;
  readonly audible: ComputedRef<boolean>;
  /** The mute button: before the first gesture it arms and unmutes; after, it flips. */
  toggle(): void;
  /** Two short tones, unless muted, not yet armed, or beeped a moment ago. */
  beep(): void;
}

/**
 * The console's sound for a new critical alert. Browsers refuse to play before the user has
 * interacted with the page, so the audio context is created at the first click or key press,
 * and until then the toggle says sound is off.
 */
export function useAlertSound(
  createAudio: () => BeepAudio = () => new AudioContext(),
  gestures: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null = typeof document === 'undefined' ? null : document,
  now: () => number = Date.now,
): AlertSound {
  const armed = shallowRef(false);
  const muted = shallowRef(false);
  const audible = computed(() => armed.value && !muted.value);
  let audio: BeepAudio | null = null;
  let lastBeepAt = -Infinity;

  const arm = () => {
    if (armed.value) return;
    try {
      audio = createAudio();
      void audio.resume().catch(() => {});
      armed.value = true;
    } catch {
      // No WebAudio here: the toggle stays off.
    }
    stopListening();
  };
  const stopListening = () => {
    gestures?.removeEventListener('pointerdown', arm);
    gestures?.removeEventListener('keydown', arm);
  };
  gestures?.addEventListener('pointerdown', arm);
  gestures?.addEventListener('keydown', arm);
  if (getCurrentScope()) onScopeDispose(stopListening);

  const tone = (context: BeepAudio, startS: number) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(TONE_HZ, startS);
    gain.gain.setValueAtTime(0.0001, startS);
    gain.gain.exponentialRampToValueAtTime(0.25, startS + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, startS + TONE_S);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(startS);
    oscillator.stop(startS + TONE_S + 0.02);
  };

  return {
    armed,
    muted,
    audible,
    toggle() {
      if (!armed.value) {
        arm();
        muted.value = false;
      } else {
        muted.value = !muted.value;
      }
    },
    beep() {
      if (!audio || !audible.value) return;
      const at = now();
      if (at - lastBeepAt < BEEP_GAP_MS) return;
      lastBeepAt = at;
      const start = audio.currentTime;
      tone(audio, start);
      tone(audio, start + 0.22);
    },
  };
}
