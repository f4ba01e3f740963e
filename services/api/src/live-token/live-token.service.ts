import { Inject, Injectable } from '@nestjs/common';
import { signLiveToken } from '@urban-brain/common';
import type { LiveTokenResponse, SessionUser } from '@urban-brain/proto';

export const LIVE_TOKEN_OPTIONS = Symbol('LIVE_TOKEN_OPTIONS');
export const LIVE_TOKEN_CLOCK = Symbol('LIVE_TOKEN_CLOCK');

export interface LiveTokenOptions {
  secret: string;
  ttlMs: number;
}

/** Issues the short-lived tokens the realtime gateway checks at the socket handshake. */
@Injectable()
export class LiveTokenService {
  constructor(
    @Inject(LIVE_TOKEN_OPTIONS) private readonly options: LiveTokenOptions,
    @Inject(LIVE_TOKEN_CLOCK) private readonly now: () => number,
  ) {}

  /** A token for the signed-in `user`, carrying their name and role. */
  issue(user: Pick<SessionUser, 'username' | 'role'>): LiveTokenResponse {
    const { token, claims } = signLiveToken(this.options.secret, { sub: user.username, role: user.role }, this.now(), this.options.ttlMs);
    return { token, expiresAtMs: claims.exp };
  }
}
