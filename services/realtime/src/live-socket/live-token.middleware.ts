import type { Socket } from 'socket.io';
import { verifyLiveToken } from '@urban-brain/common';
import type { LiveConnectErrorData, LiveHandshakeAuth } from '@urban-brain/proto';

/** What socket.io hands a client as `connect_error`: the message, and `data` for the code. */
export interface LiveConnectError extends Error {
  data: LiveConnectErrorData;
}

export interface TokenRefusal {
  code: LiveConnectErrorData['code'];
  reason: string;
}

/**
 * The handshake check (`io.use`): a connection without a valid, unexpired token
 * from the api never reaches the gateway's handlers. The token is checked at the
 * handshake only; a connected socket is not cut when its token expires later,
 * but its reconnects need a fresh one.
 */
export function liveTokenMiddleware(secret: string, now: () => number, onRefused: (refusal: TokenRefusal) => void) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const auth = socket.handshake.auth as Partial<LiveHandshakeAuth> | undefined;
    const verdict = verifyLiveToken(secret, auth?.token, now());
    if (verdict.ok) {
      // Who the api issued it to, for the gateway's logs (every role may watch the live city).
      socket.data.user = { sub: verdict.claims.sub, role: verdict.claims.role };
      return next();
    }
    onRefused({ code: verdict.code, reason: verdict.reason });
    const error = new Error(`live token refused (${verdict.code}): get one from POST /api/live/tokens`) as LiveConnectError;
    error.data = { code: verdict.code };
    next(error);
  };
}
