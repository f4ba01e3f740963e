import type { LiveSocket } from './live-socket.type';

type Listener = (...args: never[]) => void;

/** Just enough of a socket.io client for the live and alert composables' specs: server events in, emits and connects recorded. */
export class FakeLiveSocket {
  connectCalls = 0;
  readonly emitted: { event: string; payload: unknown; ack: (response: unknown) => void }[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Connected from the start (the alert feed's specs), or not (the live frames' specs connect it). */
  constructor(public connected = true) {}

  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, payload: unknown, ack: (response: unknown) => void) {
    this.emitted.push({ event, payload, ack });
    return this;
  }
  connect() {
    this.connectCalls++;
    return this;
  }
  serverSends(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
  asLiveSocket() {
    return this as unknown as LiveSocket;
  }
}
