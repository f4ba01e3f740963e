import { describe, expect, it } from 'vitest';
import type { LiveFrame } from '@urban-brain/proto';
import { liveFrame } from '../live/live-frame.fixtures';
import { ReplayRefusedError, type FramesRequest } from './replay-api';
import { createReplayLiveFrames } from './replay-live-frames';
import { ReplayPlayer } from './replay-player';

const T0 = Date.UTC(2025, 4, 1, 8, 0, 0);
const HOUR = 3_600_000;

// A city of one truck whose longitude is the replay time in seconds since T0: what the tables hold
// tells at which instant they are.
const at = (ms: number, snapshot: boolean): LiveFrame => {
  const frame = liveFrame({ snapshot, trucks: [{ id: 't1', lon: (ms - T0) / 1000, lat: 29.5, recordedAtMs: ms }] });
  frame.sentAtMs = ms;
  return frame;
};

/** The api as frames.route answers: a snapshot at from, then a frame per step up to to. */
function fakeApi() {
  const requests: FramesRequest[] = [];
  const pending: { request: FramesRequest; resolve: (frames: LiveFrame[]) => void; reject: (e: Error) => void }[] = [];
  let failNext = 0;
  let auto = true;
  const answer = (request: FramesRequest): LiveFrame[] => {
    const frames = [at(request.fromMs, true)];
    for (let t = request.fromMs + request.stepMs; t <= request.toMs; t += request.stepMs) frames.push(at(t, false));
    return frames;
  };
  const fetchFrames = (request: FramesRequest) => {
    requests.push(request);
    if (failNext > 0) {
      failNext--;
      return Promise.reject(new Error('api answered 502'));
    }
    if (auto) return Promise.resolve(answer(request));
    return new Promise<LiveFrame[]>((resolve, reject) => pending.push({ request, resolve, reject }));
  };
  return {
    requests,
    fetchFrames,
    failTimes: (n: number) => (failNext = n),
    hold: () => (auto = false),
    releaseAll: () => {
      for (const p of pending.splice(0)) p.resolve(answer(p.request));
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(api = fakeApi()) {
  const live = createReplayLiveFrames();
  const player = new ReplayPlayer(T0, T0 + HOUR, { fetchFrames: api.fetchFrames, apply: live.apply, wait: () => Promise.resolve(), ahead: 2 });
  const truckLon = () => live.tables.trucks.columns.lon[live.tables.trucks.row('t1')!];
  return { api, live, player, truckLon };
}

describe('the replay player', () => {
  it('seeks with a snapshot of the instant (from == to) and shows the city there', async () => {
    const { api, player, truckLon } = setup();
    await player.seek(T0 + 600_000);
    expect(api.requests[0]).toMatchObject({ fromMs: T0 + 600_000, toMs: T0 + 600_000 });
    expect(truckLon()).toBe(600);
    expect(player.clockMs.value).toBe(T0 + 600_000);
    expect(player.status.value).toBe('paused');
  });

  it('plays at 60x on the wall clock: a second of wall time is a minute of the city', async () => {
    const { player, truckLon } = setup();
    await player.seek(T0);
    player.setSpeed(60);
    player.play();
    await flush();
    player.tick(10_000);
    for (let ms = 10_100; ms <= 11_000; ms += 100) player.tick(ms);
    expect(player.clockMs.value).toBe(T0 + 60_000);
    expect(truckLon()).toBe(60);
    expect(player.status.value).toBe('playing');
  });

  it('steps one frame at a time and back, paused', async () => {
    const { player, truckLon } = setup();
    await player.seek(T0 + 10_000);
    await flush();
    expect(player.step()).toBe(true);
    expect(truckLon()).toBe(11);
    expect(player.step()).toBe(true);
    expect(truckLon()).toBe(12);
    await player.stepBack();
    expect(truckLon()).toBe(11);
    expect(player.status.value).toBe('paused');
  });

  it('prefetches chunks ahead and holds a bounded window of them, never the whole window', async () => {
    const { api, player } = setup();
    await player.seek(T0);
    player.setSpeed(1000);
    player.play();
    await flush();
    let held = 0;
    for (let ms = 0; ms < 20_000; ms += 100) {
      player.tick(ms);
      await flush();
      held = Math.max(held, player.heldChunks);
    }
    expect(player.clockMs.value).toBe(T0 + HOUR);
    expect(player.status.value).toBe('ended');
    // 1 playing + 2 ahead.
    expect(held).toBeLessThanOrEqual(3);
    const chunkRequests = api.requests.filter((r) => r.toMs > r.fromMs && r.stepMs === 10_000);
    expect(chunkRequests.length).toBeGreaterThan(3);
    // The chunks tile the hour without gaps.
    const sorted = chunkRequests.map((r) => [r.fromMs, r.toMs] as const).sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k]![0]).toBe(sorted[k - 1]![1]);
  });

  it('waits for a chunk not fetched yet instead of running the clock past the frames', async () => {
    const api = fakeApi();
    const { player } = setup(api);
    await player.seek(T0);
    api.hold();
    player.setSpeed(300);
    player.play();
    for (let ms = 0; ms < 5_000; ms += 100) player.tick(ms);
    expect(player.status.value).toBe('buffering');
    expect(player.clockMs.value).toBe(T0);
    api.releaseAll();
    await flush();
    player.tick(5_100);
    player.tick(5_200);
    expect(player.clockMs.value).toBeGreaterThan(T0);
    expect(player.status.value).toBe('playing');
  });

  it("at 'max' applies as many frames as the draw budget allows each animation frame", async () => {
    let budget = 0;
    const api = fakeApi();
    const live = createReplayLiveFrames();
    const player = new ReplayPlayer(T0, T0 + HOUR, { fetchFrames: api.fetchFrames, apply: live.apply, wait: () => Promise.resolve(), budgetClock: () => (budget += 1) });
    await player.seek(T0);
    player.setSpeed('max');
    player.play();
    await flush();
    player.tick(0);
    // 8 ms budget at 1 ms a look: several frames of 10 s each in one tick.
    expect(player.clockMs.value - T0).toBeGreaterThanOrEqual(50_000);
    expect(player.clockMs.value - T0).toBeLessThan(HOUR);
  });

  it('retries while the api is away, says so, and carries on when it answers', async () => {
    const api = fakeApi();
    const live = createReplayLiveFrames();
    const seen: (number | null)[] = [];
    const player: ReplayPlayer = new ReplayPlayer(T0, T0 + HOUR, {
      fetchFrames: api.fetchFrames,
      apply: live.apply,
      wait: () => {
        seen.push(player.retrying.value?.attempt ?? null);
        return Promise.resolve();
      },
    });
    api.failTimes(3);
    await player.seek(T0 + 5_000);
    expect(seen).toEqual([1, 2, 3]);
    expect(player.retrying.value).toBeNull();
    expect(live.tables.trucks.columns.lon[live.tables.trucks.row('t1')!]).toBe(5);
  });

  it('stops and names the field when the api refuses (no retry of a 400)', async () => {
    let calls = 0;
    const live = createReplayLiveFrames();
    const player = new ReplayPlayer(T0, T0 + HOUR, {
      fetchFrames: () => {
        calls++;
        return Promise.reject(new ReplayRefusedError(400, 'from must be within the kept history (the REPLAY_MAX_AGE_DAYS limit)'));
      },
      apply: live.apply,
      wait: () => Promise.resolve(),
    });
    await player.seek(T0);
    expect(calls).toBe(1);
    expect(player.status.value).toBe('refused');
    expect(player.error.value).toContain('REPLAY_MAX_AGE_DAYS');
  });

  it('asks for longer steps at high speeds and keeps the tables across the new grid', async () => {
    const { api, player, truckLon } = setup();
    await player.seek(T0);
    await flush();
    player.step();
    player.setSpeed(1000);
    await flush();
    const longer = api.requests.filter((r) => r.stepMs === 10_000);
    expect(longer.length).toBeGreaterThan(0);
    expect(Math.min(...longer.map((r) => r.fromMs))).toBe(T0 + 1000);
    expect(truckLon()).toBe(1);
  });
});
