// Typed socket.io events shared by the realtime gateway and the browser.

/** Layers a client can subscribe to. */
export type LiveLayer = 'trucks' | 'bikes' | 'boats' | 'corridors' | 'ambulances';

/** Every LiveLayer, for validating a subscribe request at runtime. */
export const LIVE_LAYERS: readonly LiveLayer[] = ['trucks', 'bikes', 'boats', 'corridors', 'ambulances'];

/**
 * The part of the city a client shows: lon/lat bounds (degrees, west < east,
 * south < north) and the map zoom (0-24). The gateway sends only entities inside
 * it, grown by half its size on each side so panning does not blank, and picks
 * how bikes are represented from the zoom: grid cells below
 * REALTIME_BIKE_POINTS_MIN_ZOOM (default 14), individual bikes from it on.
 */
export interface MapArea {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

export interface SubscribeRequest {
  layers: LiveLayer[];
  /** Omitted: the whole city, bikes as individual points. */
  area?: MapArea;
}

/** What the gateway settled on for a subscription or an area change. */
export interface SubscriptionState {
  layers: LiveLayer[];
  bikeView: 'points' | 'cells';
}

/**
 * The socket.io handshake's `auth` payload. The token comes from the api
 * (`POST /api/live/tokens`); a connection without a valid one is refused with a
 * connect_error whose `data` is a LiveConnectErrorData.
 */
export interface LiveHandshakeAuth {
  token: string;
}

export interface LiveConnectErrorData {
  code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED';
}

/** The api's answer to `POST /api/live/tokens`. */
export interface LiveTokenResponse {
  token: string;
  /** Epoch ms; fetch a new token before connecting after this. */
  expiresAtMs: number;
}

/**
 * The `code` of an `{ ok: false }` acknowledgement: INVALID_REQUEST (not the
 * event's payload at all), UNKNOWN_LAYER, INVALID_AREA, NOT_SUBSCRIBED (`area`
 * before `subscribe`), UNKNOWN_EVENT, INTERNAL. `message` says what was wrong.
 */
export type LiveAckErrorCode = 'INVALID_REQUEST' | 'UNKNOWN_LAYER' | 'INVALID_AREA' | 'NOT_SUBSCRIBED' | 'UNKNOWN_EVENT' | 'INTERNAL';

export type Ack<T> = (response: { ok: true; data: T } | { ok: false; code: string; message: string }) => void;

/** Events the server emits. `frame` carries a binary LiveFrame (protobuf). */
export interface ServerToClientEvents {
  // Browsers receive the bytes as an ArrayBuffer, Node clients as a Buffer: wrap in a Uint8Array before decoding.
  frame: (frame: Uint8Array) => void;
  /**
   * After `alerts` (watch): an AlertBatch (urbanbrain.alert.v1, protobuf), first a snapshot of every
   * unresolved alert (and those resolved in the last hour), then each tick's changes. City-wide:
   * alerts do not follow the client's map area.
   */
  alerts: (batch: Uint8Array) => void;
}

/** Events the client emits. */
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: Ack<SubscriptionState>) => void;
  /** The client's map moved or zoomed: the next frame re-snapshots its layers for the new area. */
  area: (area: MapArea, ack: Ack<SubscriptionState>) => void;
  /** Start watching the city's alerts; the ack says how many the snapshot holds. */
  alerts: (request: Record<string, never>, ack: Ack<{ alerts: number }>) => void;
}

export const SOCKET_PATH = '/socket.io';
