import { io } from 'socket.io-client';
import { SOCKET_PATH, type LiveConnectErrorData, type LiveTokenResponse } from '@urban-brain/proto';
import type { LiveSocket } from './live-socket.type';
import { apiFetch } from '../auth/api-fetch';

export const LIVE_TOKEN_URL = '/api/live/tokens';
// A token this close to its expiry is not used for a new connection: the handshake may take that long.
export const TOKEN_RENEW_BEFORE_MS = 60_000;
// After the gateway refused our token, wait this long before trying with a fresh one (the api may be down too).
export const RETRY_AFTER_REFUSAL_MS = 2_000;

/** Where the socket gets its handshake token: the api's POST /api/live/tokens, kept until near its expiry. */
export interface LiveTokenSource {
  get(): Promise<string>;
  /** Forget the held token: the next `get` fetches a new one. */
  invalidate(): void;
}

export function createLiveTokenSource(fetchToken: typeof fetch = apiFetch, now: () => number = Date.now): LiveTokenSource {
  let held: LiveTokenResponse | undefined;
  return {
    async get() {
      if (held && now() < held.expiresAtMs - TOKEN_RENEW_BEFORE_MS) return held.token;
      const response = await fetchToken(LIVE_TOKEN_URL, { method: 'POST' });
      if (!response.ok) throw new Error(`${LIVE_TOKEN_URL} answered ${response.status}`);
      held = (await response.json()) as LiveTokenResponse;
      return held.token;
    },
    invalidate() {
      held = undefined;
    },
  };
}

/** The code the gateway refused the handshake with, or undefined for any other connect error (e.g. the transport). */
export function refusalCode(error: unknown): LiveConnectErrorData['code'] | undefined {
  const data = (error as { data?: Partial<LiveConnectErrorData> } | null)?.data;
  return data?.code === 'TOKEN_MISSING' || data?.code === 'TOKEN_INVALID' || data?.code === 'TOKEN_EXPIRED' ? data.code : undefined;
}

type RefusableSocket = Pick<LiveSocket, 'on' | 'off' | 'connect' | 'active'>;

/**
 * socket.io does not retry a handshake the server refused (`socket.active` is
 * false then): after a token refusal, drop the token and connect again a little
 * later, which fetches a new one. Transport errors are left to socket.io's own
 * reconnection. Returns a stop function.
 */
export function retryAfterTokenRefusal(socket: RefusableSocket, tokens: LiveTokenSource, retryMs = RETRY_AFTER_REFUSAL_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onConnectError = (error: Error) => {
    if (socket.active) return;
    if (refusalCode(error)) tokens.invalidate();
    clearTimeout(timer);
    timer = setTimeout(() => socket.connect(), retryMs);
  };
  socket.on('connect_error', onConnectError);
  return () => {
    clearTimeout(timer);
    socket.off('connect_error', onConnectError);
  };
}

/** The socket to the realtime gateway, same origin (the web server proxies /socket.io and /api). */
export function createLiveSocket(tokens: LiveTokenSource = createLiveTokenSource()): LiveSocket {
  const socket: LiveSocket = io({
    path: SOCKET_PATH,
    // Called on every (re)connection attempt, so a reconnect after a long outage carries a fresh token.
    // Without one (api unreachable) the gateway refuses with TOKEN_MISSING and we retry.
    auth: (send) => {
      tokens.get().then(
        (token) => send({ token }),
        () => send({}),
      );
    },
    // Never give up: a wall screen waits for the gateway to come back.
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  retryAfterTokenRefusal(socket, tokens);
  return socket;
}
