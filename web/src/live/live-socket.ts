import { io } from 'socket.io-client';
import { SOCKET_PATH } from '@urban-brain/proto';
import type { LiveSocket } from './use-live-frames';

/** The socket to the realtime gateway, same origin (the web server proxies /socket.io). */
export function createLiveSocket(): LiveSocket {
  return io({
    path: SOCKET_PATH,
    // Never give up: a wall screen waits for the gateway to come back.
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
}
