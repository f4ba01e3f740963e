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
  // demo (`npm start`: seeded demo logins) or production (no demo logins; the first admin from the CLI).
  UB_DEPLOYMENT: z.enum(['demo', 'production'], { message: 'must be demo or production' }).default('demo'),
  // Sessions (docs/users-and-roles.md): a short access token, refreshed while the page or script runs.
  AUTH_ACCESS_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
  AUTH_REFRESH_TTL_S: z.coerce.number().int().min(300).max(30 * 86_400).default(43_200),
  // A kiosk wall refreshes for weeks unattended; a month without one ends its session.
  AUTH_DEVICE_REFRESH_TTL_S: z.coerce.number().int().min(3_600).max(365 * 86_400).default(30 * 86_400),
  // auto: Secure cookies in production (behind HTTPS), not in the demo on http://127.0.0.1.
  AUTH_COOKIE_SECURE: z.enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' }).default('auto'),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('API_CONFIG');
