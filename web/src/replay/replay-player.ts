import { shallowRef, type ShallowRef } from 'vue';
import { REPLAY_CHUNK_MAX_S, type LiveFrame, type ReplayLayer } from '@urban-brain/proto';
import { fetchWithRetry, FrameChunks, type FrameChunksOptions } from './frame-chunks';
import type { FetchFrames } from './replay-api';
import { chunkMsFor, stepMsFor, type ReplaySpeed } from './replay-speed';

// One clock for every layer: the player owns the replay instant, fills the tables through `apply`
// (the wall's own frame apply, replay-live-frames.ts) and is driven by `tick` from the page's
// animation frames. Seeking asks the api for a snapshot (frames from == to); playing consumes the
// prefetched chunks (frame-chunks.ts) as the clock passes each frame's time.

export type ReplayStatus = 'idle' | 'loading' | 'paused' | 'playing' | 'buffering' | 'ended' | 'refused';

export interface ReplayPlayerOptions extends Pick<FrameChunksOptions, 'retryDelayMs' | 'wait'> {
  fetchFrames: FetchFrames;
  apply: (frame: LiveFrame) => void;
  layers?: () => readonly ReplayLayer[];
  /** Longest chunk the api serves, s (its /range says). */
  maxChunkS?: number;
  /** Chunks fetched ahead of the playhead. */
  ahead?: number;
  /** A clock for the draw budget of 'max' (performance.now in the page). */
  budgetClock?: () => number;
}

// Per animation frame at 'max': leave the rest of the 16 ms to the map's draw.
export const MAX_SPEED_BUDGET_MS = 8;
// A tab in the background gets no animation frames: do not leap when it comes back.
const MAX_TICK_GAP_MS = 250;

export class ReplayPlayer {
  readonly clockMs: ShallowRef<number>;
  readonly status = shallowRef<ReplayStatus>('idle');
  readonly speed = shallowRef<ReplaySpeed>(1);
  /** The api is away: the attempt number of the current retry, null when it answers. */
  readonly retrying = shallowRef<{ attempt: number; error: string } | null>(null);
  readonly error = shallowRef<string | null>(null);
  /** Frames applied since the page opened (the bench counts them). */
  readonly framesApplied = shallowRef(0);

  private fromMs: number;
  private toMs: number;
  private readonly chunks: FrameChunks;
  private chunkIndex = 0;
  private frameIndex = 0;
  // Fractional replay time the wall clock has reached; frames up to it are applied.
  private virtualMs: number;
  private lastTickMs: number | null = null;
  private seekController = new AbortController();
  private wantPlaying = false;

  constructor(
    fromMs: number,
    toMs: number,
    private readonly options: ReplayPlayerOptions,
  ) {
    this.fromMs = fromMs;
    this.toMs = toMs;
    this.clockMs = shallowRef(fromMs);
    this.virtualMs = fromMs;
    this.chunks = new FrameChunks(
      {
        fetchFrames: options.fetchFrames,
        layers: () => this.layers(),
        retryDelayMs: options.retryDelayMs,
        wait: options.wait,
        onRetry: (attempt, error) => this.onRetry(attempt, error),
        onReady: (chunk) => {
          if (chunk.state === 'refused') this.refuse(chunk.error ?? '');
        },
      },
      options.ahead ?? 2,
    );
  }

  get window(): { fromMs: number; toMs: number } {
    return { fromMs: this.fromMs, toMs: this.toMs };
  }

  get stepMs(): number {
    return stepMsFor(this.speed.value);
  }

  /** Chunks held now (bounded: the playing one and those ahead). */
  get heldChunks(): number {
    return this.chunks.heldCount;
  }

  /** A new window; seeks to `atMs` (clamped into it). */
  setWindow(fromMs: number, toMs: number, atMs = fromMs): Promise<void> {
    this.fromMs = fromMs;
    this.toMs = toMs;
    return this.seek(atMs);
  }

  /** The whole city at `atMs` (clamped to the window), then ready to play on from there. */
  async seek(atMs: number): Promise<void> {
    const at = Math.round(Math.min(this.toMs, Math.max(this.fromMs, atMs)));
    this.seekController.abort();
    const controller = new AbortController();
    this.seekController = controller;
    this.chunks.stop();
    this.error.value = null;
    this.status.value = 'loading';
    this.clockMs.value = at;
    this.virtualMs = at;
    let frames: LiveFrame[] | null;
    try {
      frames = await fetchWithRetry(this.options.fetchFrames, { fromMs: at, toMs: at, stepMs: this.stepMs, layers: this.layers() }, controller.signal, {
        retryDelayMs: this.options.retryDelayMs,
        wait: this.options.wait,
        onRetry: (attempt, error) => this.onRetry(attempt, error),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.refuse((error as Error).message);
      return;
    }
    if (!frames) return;
    for (const frame of frames) this.applyOne(frame);
    this.regrid(at);
    this.lastTickMs = null;
    this.status.value = at >= this.toMs ? 'ended' : this.wantPlaying ? 'playing' : 'paused';
  }

  play(): void {
    this.wantPlaying = true;
    if (this.status.value === 'ended') {
      void this.seek(this.fromMs);
      return;
    }
    if (this.status.value === 'paused') this.status.value = 'playing';
    this.lastTickMs = null;
  }

  pause(): void {
    this.wantPlaying = false;
    if (this.status.value === 'playing' || this.status.value === 'buffering') this.status.value = 'paused';
  }

  setSpeed(speed: ReplaySpeed): void {
    const before = this.stepMs;
    this.speed.value = speed;
    // A new step size is a new grid of chunks from the frame shown now; the tables carry on.
    if (this.stepMs !== before && this.status.value !== 'loading' && this.status.value !== 'idle') this.regrid(this.clockMs.value);
  }

  /** One frame forward (paused); false when it is not fetched yet or the window has ended. */
  step(): boolean {
    this.pause();
    const frame = this.nextFrame();
    if (!frame) return false;
    this.applyOne(frame);
    this.virtualMs = this.clockMs.value;
    if (this.clockMs.value >= this.toMs) this.status.value = 'ended';
    return true;
  }

  /** One step back: a seek (the tables cannot be run backwards). */
  stepBack(): Promise<void> {
    this.pause();
    return this.seek(this.clockMs.value - this.stepMs);
  }

  /** Called once per animation frame with the wall clock (ms). */
  tick(nowMs: number): void {
    const status = this.status.value;
    if (status !== 'playing' && status !== 'buffering') {
      this.lastTickMs = null;
      return;
    }
    const elapsed = this.lastTickMs === null ? 0 : Math.min(MAX_TICK_GAP_MS, Math.max(0, nowMs - this.lastTickMs));
    this.lastTickMs = nowMs;
    const speed = this.speed.value;
    let starved = false;
    if (speed === 'max') {
      const clock = this.options.budgetClock ?? (() => nowMs);
      const start = clock();
      let applied = 0;
      // At least one frame per tick, then as many as the budget allows.
      while (applied === 0 || clock() - start < MAX_SPEED_BUDGET_MS) {
        const frame = this.nextFrame();
        if (!frame) {
          starved = this.clockMs.value < this.toMs;
          break;
        }
        this.applyOne(frame);
        applied++;
      }
      this.virtualMs = this.clockMs.value;
    } else {
      this.virtualMs = Math.min(this.toMs, this.virtualMs + elapsed * speed);
      for (;;) {
        const frame = this.peekFrame();
        if (!frame) {
          starved = this.clockMs.value < this.toMs;
          break;
        }
        if (Number(frame.sentAtMs) > this.virtualMs) break;
        this.nextFrame();
        this.applyOne(frame);
      }
      // Waiting on a chunk: the clock waits too (never more than a step past the last frame shown).
      if (starved) this.virtualMs = Math.min(this.virtualMs, this.clockMs.value + this.stepMs);
    }
    if (this.clockMs.value >= this.toMs) {
      this.wantPlaying = false;
      this.status.value = 'ended';
    } else {
      this.status.value = starved ? 'buffering' : 'playing';
    }
  }

  stop(): void {
    this.seekController.abort();
    this.chunks.stop();
    this.wantPlaying = false;
    this.status.value = 'idle';
  }

  private layers(): readonly ReplayLayer[] {
    return this.options.layers?.() ?? ['trucks', 'bikes', 'boats', 'corridors', 'ambulances'];
  }

  private regrid(originMs: number): void {
    const stepMs = this.stepMs;
    this.chunks.reset(originMs, this.toMs, stepMs, chunkMsFor(stepMs, this.options.maxChunkS ?? REPLAY_CHUNK_MAX_S));
    this.chunkIndex = 0;
    this.frameIndex = 0;
    this.chunks.ensure(0);
  }

  private applyOne(frame: LiveFrame): void {
    this.options.apply(frame);
    this.framesApplied.value++;
    const sent = Number(frame.sentAtMs);
    if (sent > this.clockMs.value || frame.snapshot) this.clockMs.value = sent;
  }

  private peekFrame(): LiveFrame | null {
    for (;;) {
      const chunk = this.chunks.chunk(this.chunkIndex);
      if (!chunk || chunk.state !== 'ready') return null;
      const frame = chunk.frames[this.frameIndex];
      if (frame) return frame;
      // This chunk is played: on to the next (dropping this one, fetching further ahead).
      if (this.chunkIndex + 1 >= this.chunks.count) return null;
      this.chunkIndex++;
      this.frameIndex = 0;
      this.chunks.ensure(this.chunkIndex);
    }
  }

  private nextFrame(): LiveFrame | null {
    const frame = this.peekFrame();
    if (frame) this.frameIndex++;
    return frame;
  }

  private onRetry(attempt: number | null, error: string | null): void {
    this.retrying.value = attempt === null ? null : { attempt, error: error ?? '' };
  }

  private refuse(message: string): void {
    this.chunks.stop();
    this.wantPlaying = false;
    this.error.value = message;
    this.status.value = 'refused';
  }
}
