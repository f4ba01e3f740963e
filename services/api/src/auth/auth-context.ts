import type { Request } from 'express';
import { HEADER_CORRELATION_ID, type SessionUser } from '@urban-brain/proto';

export type SessionClient = 'browser' | 'script' | 'device';

/** Who is calling: set on the request by the auth guard for every route that is not public. */
export interface AuthContext {
  user: SessionUser;
  sessionId: string;
  client: SessionClient;
  accessExpiresAtMs: number;
  refreshExpiresAtMs: number;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
}

export type ApiRequest = Request & { auth?: AuthContext };

export function requestOrigin(request: Request): RequestOrigin {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value.slice(0, 512) : null;
  };
  // `trust proxy` (create-app.ts) makes req.ip the client's address behind the loopback web server.
  return { ip: request.ip ?? null, userAgent: header('user-agent'), correlationId: header(HEADER_CORRELATION_ID) ?? (request.res?.getHeader(HEADER_CORRELATION_ID) as string | undefined) ?? null };
}
