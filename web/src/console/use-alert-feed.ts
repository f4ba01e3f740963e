import { fromBinary } from '@bufbuild/protobuf';
import { getCurrentScope, markRaw, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { AlertBatchSchema } from '@urban-brain/proto';
import type { LiveSocket } from '../live/live-socket.type';
import { AlertBook, type BookUpdate, type LiveAlert } from './alert-book';

export interface AlertFeed {
  /** Mutated in place, never reactive; `alerts` is its list, replaced after each batch. */
  readonly book: AlertBook;
  readonly alerts: ShallowRef<readonly LiveAlert[]>;
  /** True once a snapshot has arrived on the current connection. */
  readonly watching: ShallowRef<boolean>;
  /** Why the gateway refused to watch, or null. */
  readonly error: ShallowRef<string | null>;
  /** Called after each batch; `initial` for the first snapshot of this feed (nothing in it is news). */
  onUpdate(listener: (update: BookUpdate, initial: boolean) => void): () => void;
  stop(): void;
}

/**
 * The city's alerts on the shell's live socket: `alerts` is asked on every (re)connect, since the
 * gateway forgets its watchers with the connection; each answer starts with a snapshot. City-wide,
 * whatever the map shows.
 */
export function useAlertFeed(socket: LiveSocket, now: () => number = Date.now): AlertFeed {
  const book = markRaw(new AlertBook());
  const alerts = shallowRef<readonly LiveAlert[]>([]);
  const watching = shallowRef(false);
  const error = shallowRef<string | null>(null);
  const listeners = new Set<(update: BookUpdate, initial: boolean) => void>();
  let snapshots = 0;

  const watch = () => {
    socket.emit('alerts', {}, (response) => {
      error.value = response.ok ? null : `${response.code}: ${response.message}`;
    });
  };
  const onDisconnect = () => {
    watching.value = false;
  };
  const onAlerts = (bytes: Uint8Array | ArrayBuffer) => {
    let batch;
    try {
      batch = fromBinary(AlertBatchSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    } catch (failure) {
      // One bad batch must not stop the queue; the next snapshot (on reconnect) repairs it.
      console.error('alerts: dropped an undecodable batch:', (failure as Error).message);
      return;
    }
    const update = book.apply(batch, now());
    const initial = batch.snapshot && snapshots++ === 0;
    if (batch.snapshot) watching.value = true;
    alerts.value = book.list();
    for (const listener of listeners) listener(update, initial);
  };

  socket.on('connect', watch);
  socket.on('disconnect', onDisconnect);
  socket.on('alerts', onAlerts);
  if (socket.connected) watch();

  const stop = () => {
    socket.off('connect', watch);
    socket.off('disconnect', onDisconnect);
    socket.off('alerts', onAlerts);
    listeners.clear();
  };
  if (getCurrentScope()) onScopeDispose(stop);

  return {
    book,
    alerts,
    watching,
    error,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}
