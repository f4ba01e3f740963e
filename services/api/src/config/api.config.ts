import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { databaseEnv, httpEnv, liveTokenSecretEnv, logEnv } from '@urban-brain/common';
import { z } from 'zod';

export const apiConfigSchema = z.object({
  ...databaseEnv,
  ...httpEnv(3000),
  ...logEnv,
  // Loopback by default: exposing the API is a deployment decision, not an accident.
  HTTP_HOST: z.string().min(1, 'must be a host name or address').default('127.0.0.1'),
  // The city pack folder (manifest.json + GeoJSON layers); loaded and validated once at boot.
  CITY_PACK_DIR: z.string().min(1, 'must be a folder path').default(DEFAULT_CITY_PACK_DIR),
  // Shared with the realtime gateway, which checks the tokens POST /api/live/tokens signs with it.
  ...liveTokenSecretEnv,
  // 12 h: a wall screen reconnecting after a network loss rarely needs a new one; a leaked one dies by the next shift.
  LIVE_TOKEN_TTL_S: z.coerce.number().int().min(60).max(7 * 86_400).default(43_200),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('API_CONFIG');
