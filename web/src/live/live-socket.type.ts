import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@urban-brain/proto';

// The socket to the realtime gateway, typed by the shared events. Its own module:
// live-socket.ts creates it and use-live-frames.ts listens on it, and neither
// should import the other for its type.
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
