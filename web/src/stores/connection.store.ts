import { defineStore } from 'pinia';
import type { FeedState } from '../live/feed-status';

// Global, app-wide facts about the link to the realtime gateway. Derived views
// (the indicator's colour, "n s ago") are computed where they are shown.
export const useConnectionStore = defineStore('connection', {
  state: () => ({
    connected: false,
    /** Set once the gateway accepted our subscription on the current connection. */
    subscribed: false,
    /** Browser clock (epoch ms) of the last frame, or null before the first. */
    lastFrameAt: null as number | null,
    framesReceived: 0,
    /** Times the socket came back after losing the gateway. */
    reconnects: 0,
    /** The gateway's refusal of our last subscribe, if any. */
    lastError: null as string | null,
  }),
  actions: {
    markConnected(): void {
      if (this.lastFrameAt !== null || this.framesReceived > 0) this.reconnects++;
      this.connected = true;
      this.subscribed = false;
    },
    markDisconnected(): void {
      this.connected = false;
      this.subscribed = false;
    },
    markSubscribed(): void {
      this.subscribed = true;
      this.lastError = null;
    },
    markRefused(message: string): void {
      this.subscribed = false;
      this.lastError = message;
    },
    markFrame(atMs: number): void {
      this.framesReceived++;
      this.lastFrameAt = atMs;
    },
  },
});

// delayed / down: frames arrive (the gateway is there) but a fleet's data does not (feed-status.ts).
export type LinkStatus = 'connecting' | 'live' | 'delayed' | 'down' | 'no-data' | 'disconnected';

// Frames arrive at least once a second (the gateway's heartbeat); a few missed
// heartbeats on an open socket means the pipe behind the gateway is stuck.
export const NO_DATA_AFTER_MS = 5_000;

/** The link as the indicator shows it; with the feed's state, "live" only while the data flows too. */
export function linkStatus(state: { connected: boolean; lastFrameAt: number | null; framesReceived: number }, nowMs: number, feed?: FeedState): LinkStatus {
  if (!state.connected) return state.framesReceived === 0 ? 'connecting' : 'disconnected';
  if (state.lastFrameAt === null) return 'connecting';
  if (nowMs - state.lastFrameAt > NO_DATA_AFTER_MS) return 'no-data';
  return feed === 'delayed' || feed === 'down' ? feed : 'live';
}
