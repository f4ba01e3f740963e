import { getCurrentScope, onScopeDispose, type ShallowRef } from 'vue';
import { useNow } from '../dashboard/use-now';
import { useConnectionStore } from '../stores/connection.store';
import { createLiveSocket } from './live-socket';
import type { LiveSocket } from './live-socket.type';
import { useFeedStatus, type FeedStatus } from './use-feed-status';
import { useLiveFrames, type LiveFrames } from './use-live-frames';

export interface LiveConnection {
  live: LiveFrames;
  feedStatus: FeedStatus;
  now: ShallowRef<number>;
  /** The socket itself: the alert feed (use-alert-feed.ts) watches the city's alerts on the same link. */
  socket: LiveSocket;
}

/**
 * The link to the realtime gateway for as long as someone is signed in: owned by the signed-in
 * shell, not the wall, so every page's link indicator tells the truth and the wall comes back
 * at once after a visit to another page. Closed with the session (the next user gets a socket
 * with a token of their own).
 */
export function useLiveConnection(socket: LiveSocket = createLiveSocket()): LiveConnection {
  const live = useLiveFrames(socket);
  // Whether the fleets' data still reaches the gateway: one rule for the indicator and the notices.
  const now = useNow(500);
  const feedStatus = useFeedStatus(live.feedHealth, now);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      live.stop();
      socket.disconnect();
      useConnectionStore().$reset();
    });
  }
  return { live, feedStatus, now, socket };
}
