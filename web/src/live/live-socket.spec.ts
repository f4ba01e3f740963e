import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_TOKEN_URL, RETRY_AFTER_REFUSAL_MS, TOKEN_RENEW_BEFORE_MS, createLiveTokenSource, refusalCode, retryAfterTokenRefusal } from './live-socket';

const T0 = 1_750_000_000_000;

function tokenApi() {
  let issued = 0;
  const calls: { url: string; method: string | undefined }[] = [];
  const fetchToken = (async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method });
    issued++;
    return new Response(JSON.stringify({ token: `token-${issued}`, expiresAtMs: T0 + 3_600_000 }), { status: 201 });
  }) as typeof fetch;
  return { fetchToken, calls };
}

describe('createLiveTokenSource', () => {
  it('posts for a token, keeps it until shortly before it expires, and fetches anew after invalidate', async () => {
    let now = T0;
    const api = tokenApi();
    const tokens = createLiveTokenSource(api.fetchToken, () => now);
    expect(await tokens.get()).toBe('token-1');
    expect(api.calls).toEqual([{ url: LIVE_TOKEN_URL, method: 'POST' }]);
    now = T0 + 3_600_000 - TOKEN_RENEW_BEFORE_MS - 1;
    expect(await tokens.get()).toBe('token-1');
    now += 1;
    expect(await tokens.get()).toBe('token-2');
    tokens.invalidate();
    expect(await tokens.get()).toBe('token-3');
  });

  it('fails when the api refuses, so the handshake goes without a token', async () => {
    const tokens = createLiveTokenSource((async () => new Response('{}', { status: 503 })) as typeof fetch);
    await expect(tokens.get()).rejects.toThrow(/503/);
  });
});

describe('retryAfterTokenRefusal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  class FakeSocket {
    active = true;
    connects = 0;
    private listener: ((error: Error) => void) | undefined;
    on(_event: 'connect_error', listener: (error: Error) => void) {
      this.listener = listener;
      return this;
    }
    off() {
      this.listener = undefined;
      return this;
    }
    connect() {
      this.connects++;
      return this;
    }
    fail(error: Error) {
      this.listener?.(error);
    }
  }
  const refused = (code: string) => Object.assign(new Error('live token refused'), { data: { code } });

  it('after a refused token, drops it and connects again (socket.io does not retry a refused handshake)', () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const tokens = { get: vi.fn(), invalidate: vi.fn() };
    const stop = retryAfterTokenRefusal(socket as never, tokens);

    socket.active = false;
    socket.fail(refused('TOKEN_EXPIRED'));
    expect(tokens.invalidate).toHaveBeenCalledOnce();
    expect(socket.connects).toBe(0);
    vi.advanceTimersByTime(RETRY_AFTER_REFUSAL_MS);
    expect(socket.connects).toBe(1);

    // A transport error while socket.io is still reconnecting by itself: hands off.
    socket.active = true;
    socket.fail(new Error('xhr poll error'));
    vi.advanceTimersByTime(RETRY_AFTER_REFUSAL_MS * 2);
    expect(socket.connects).toBe(1);
    expect(tokens.invalidate).toHaveBeenCalledOnce();

    stop();
    socket.active = false;
    socket.fail(refused('TOKEN_INVALID'));
    vi.advanceTimersByTime(RETRY_AFTER_REFUSAL_MS);
    expect(socket.connects).toBe(1);
  });

  it('reads the refusal code only from a gateway refusal', () => {
    expect(refusalCode(refused('TOKEN_MISSING'))).toBe('TOKEN_MISSING');
    expect(refusalCode(refused('SOMETHING_ELSE'))).toBeUndefined();
    expect(refusalCode(new Error('timeout'))).toBeUndefined();
    expect(refusalCode(null)).toBeUndefined();
  });
});
