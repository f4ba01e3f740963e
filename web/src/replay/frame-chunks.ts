import type { LiveFrame, ReplayLayer } from '@urban-brain/proto';
import { ReplayRefusedError, type FetchFrames } from './replay-api';

// The frames ahead of the playhead, fetched a chunk at a time and a few chunks ahead, so playback
// never waits on the api at a chunk's edge. The browser holds the city's state (the tables) and this
// bounded window of chunks, never the whole day: a chunk behind the playhead is dropped at once.
// A chunk that fails for want of an api (5xx, no answer: it is restarting) is asked again with a
// growing pause and the failure is reported; one the api refuses (4xx) stays failed.

export interface FrameChunk {
  index: number;
  fromMs: number;
  toMs: number;
  state: 'loading' | 'ready' | 'refused';
  /** The chunk's frames after its snapshot (the player's tables carry the state across chunks). */
  frames: LiveFrame[];
  error: string | null;
}

export interface FrameChunksOptions {
  fetchFrames: FetchFrames;
  layers: () => readonly ReplayLayer[];
  /** Pause before asking again, by attempt (1, 2, ...). */
  retryDelayMs?: (attempt: number) => number;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told on every failed attempt (null once a chunk arrives again): the page says the api is away. */
  onRetry?: (attempt: number | null, error: string | null) => void;
  onReady?: (chunk: FrameChunk) => void;
}

export const retryDelay = (attempt: number): number => Math.min(5_000, 500 * 2 ** (attempt - 1));

const abortableWait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Fetches with retries until the answer comes, the api refuses, or the signal aborts (then it
 * resolves null). Shared by the chunks and the player's seek snapshots.
 */
export async function fetchWithRetry(
  fetchFrames: FetchFrames,
  request: Parameters<FetchFrames>[0],
  signal: AbortSignal,
  options: Pick<FrameChunksOptions, 'retryDelayMs' | 'wait' | 'onRetry'>,
): Promise<LiveFrame[] | null> {
  const wait = options.wait ?? abortableWait;
  const delay = options.retryDelayMs ?? retryDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      const frames = await fetchFrames(request, signal);
      if (signal.aborted) return null;
      if (attempt > 1) options.onRetry?.(null, null);
      return frames;
    } catch (error) {
      if (signal.aborted) return null;
      if (error instanceof ReplayRefusedError) throw error;
      options.onRetry?.(attempt, (error as Error).message);
      await wait(delay(attempt), signal);
      if (signal.aborted) return null;
    }
  }
}

export class FrameChunks {
  private held = new Map<number, FrameChunk>();
  private controller = new AbortController();
  private originMs = 0;
  private endMs = 0;
  private stepMs = 1000;
  private chunkMs = 60_000;

  constructor(
    private readonly options: FrameChunksOptions,
    /** Chunks fetched ahead of the one playing. */
    readonly ahead = 2,
  ) {}

  /** Forgets every chunk (aborting their fetches) and lays a new grid: chunk k is [origin + k*chunkMs, +chunkMs], cut at endMs. */
  reset(originMs: number, endMs: number, stepMs: number, chunkMs: number): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.held.clear();
    this.originMs = originMs;
    this.endMs = endMs;
    this.stepMs = stepMs;
    this.chunkMs = chunkMs;
  }

  get step(): number {
    return this.stepMs;
  }

  /** Number of chunks in the grid (the last may be short). */
  get count(): number {
    return Math.max(0, Math.ceil((this.endMs - this.originMs) / this.chunkMs));
  }

  /** Chunks held now, loading ones included: bounded by 1 + ahead. */
  get heldCount(): number {
    return this.held.size;
  }

  chunk(index: number): FrameChunk | undefined {
    return this.held.get(index);
  }

  /** Drops the chunks before `index` and fetches `index` and the next `ahead` ones not held yet. */
  ensure(index: number): void {
    for (const held of this.held.keys()) if (held < index) this.held.delete(held);
    for (let k = index; k <= index + this.ahead && k < this.count; k++) {
      if (!this.held.has(k)) this.load(k);
    }
  }

  stop(): void {
    this.controller.abort();
    this.held.clear();
  }

  private load(index: number): void {
    const fromMs = this.originMs + index * this.chunkMs;
    const chunk: FrameChunk = { index, fromMs, toMs: Math.min(this.endMs, fromMs + this.chunkMs), state: 'loading', frames: [], error: null };
    this.held.set(index, chunk);
    const signal = this.controller.signal;
    fetchWithRetry(this.options.fetchFrames, { fromMs: chunk.fromMs, toMs: chunk.toMs, stepMs: this.stepMs, layers: this.options.layers() }, signal, this.options)
      .then((frames) => {
        if (!frames || this.held.get(index) !== chunk) return;
        chunk.frames = frames.filter((frame) => !frame.snapshot);
        chunk.state = 'ready';
        this.options.onReady?.(chunk);
      })
      .catch((error: unknown) => {
        if (this.held.get(index) !== chunk) return;
        chunk.state = 'refused';
        chunk.error = (error as Error).message;
        this.options.onReady?.(chunk);
      });
  }
}
