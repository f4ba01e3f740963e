import { type DynamicModule, Module } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config';
import { LiveTokenController } from './live-token.controller';
import { LIVE_TOKEN_CLOCK, LIVE_TOKEN_OPTIONS, LiveTokenService } from './live-token.service';

@Module({})
export class LiveTokenModule {
  static register(config: Pick<ApiConfig, 'LIVE_TOKEN_SECRET' | 'LIVE_TOKEN_TTL_S'>): DynamicModule {
    return {
      module: LiveTokenModule,
      controllers: [LiveTokenController],
      providers: [
        LiveTokenService,
        { provide: LIVE_TOKEN_OPTIONS, useValue: { secret: config.LIVE_TOKEN_SECRET, ttlMs: config.LIVE_TOKEN_TTL_S * 1000 } },
        { provide: LIVE_TOKEN_CLOCK, useValue: Date.now },
      ],
    };
  }
}
