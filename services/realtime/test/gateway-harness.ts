import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { fromBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import { parseConfig, signLiveToken, type Logger } from '@urban-brain/common';
import { LiveFrameSchema, SOCKET_PATH, type ClientToServerEvents, type LiveFrame, type ServerToClientEvents } from '@urban-brain/proto';
import { AppModule } from '../src/app.module';
import { realtimeConfigSchema } from '../src/config/realtime.config';

// Shared by the gateway integration tests: a real gateway on an ephemeral port,
// real socket.io clients, tokens signed with the secret the gateway was given.

export const TEST_LIVE_TOKEN_SECRET = 'integration-test-secret-0123456789abcdef';
export const HOUR_MS = 3_600_000;

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export const liveToken = (issuedAtMs = Date.now(), ttlMs = HOUR_MS, secret = TEST_LIVE_TOKEN_SECRET): string =>
  signLiveToken(secret, { sub: 'gateway-test', role: 'operator' }, issuedAtMs, ttlMs).token;

export async function startGateway(env: Record<string, string>, logger: Logger, port = 0): Promise<INestApplication> {
  const config = parseConfig(realtimeConfigSchema, { LIVE_TOKEN_SECRET: TEST_LIVE_TOKEN_SECRET, REALTIME_TICK_MS: '100', LOG_LEVEL: 'warn', ...env });
  const gateway = await NestFactory.create(AppModule.register(config, logger), { logger: false });
  await gateway.listen(port, '127.0.0.1');
  return gateway;
}

export const urlOf = (gateway: INestApplication): string => `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A real socket.io client (websocket, no reconnection) that records every decoded frame and connect error; token null: no auth at all. */
export function liveClient(url: string, token: string | null = liveToken()): { socket: LiveClient; frames: LiveFrame[]; errors: { message: string; data?: unknown }[] } {
  const socket: LiveClient = io(url, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, auth: token === null ? {} : { token } });
  const frames: LiveFrame[] = [];
  const errors: { message: string; data?: unknown }[] = [];
  socket.on('frame', (bytes) => frames.push(fromBinary(LiveFrameSchema, new Uint8Array(bytes))));
  socket.on('connect_error', (error) => errors.push({ message: error.message, data: (error as Error & { data?: unknown }).data }));
  return { socket, frames, errors };
}
