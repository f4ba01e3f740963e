// Typed socket.io events shared by the realtime gateway and the browser.

/** Layers a client can subscribe to. */
export type LiveLayer = 'trucks' | 'bikes' | 'boats' | 'corridors';

/** Every LiveLayer, for validating a subscribe request at runtime. */
export const LIVE_LAYERS: readonly LiveLayer[] = ['trucks', 'bikes', 'boats', 'corridors'];

export interface SubscribeRequest {
  layers: LiveLayer[];
}

export type Ack<T> = (response: { ok: true; data: T } | { ok: false; code: string; message: string }) => void;

/** Events the server emits. `frame` carries a binary LiveFrame (protobuf). */
export interface ServerToClientEvents {
  // Browsers receive the bytes as an ArrayBuffer, Node clients as a Buffer: wrap in a Uint8Array before decoding.
  frame: (frame: Uint8Array) => void;
}

/** Events the client emits. */
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: Ack<{ layers: LiveLayer[] }>) => void;
}

export const SOCKET_PATH = '/socket.io';
