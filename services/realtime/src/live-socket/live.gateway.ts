import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server, type Socket } from 'socket.io';
import { SOCKET_PATH, type Ack, type ClientToServerEvents, type ServerToClientEvents, type SubscriptionState } from '@urban-brain/proto';
import { REALTIME_CONFIG, type RealtimeConfig } from '../config/realtime.config';
import { AlertFeedConsumer } from '../alerts/alert-feed.consumer';
import { LiveSocketErrorCode, toAckError } from './live-socket.exception';
import { LiveSocketService } from './live-socket.service';
import { liveTokenMiddleware } from './live-token.middleware';

// The events a client may emit; anything else is answered UNKNOWN_EVENT.
const CLIENT_EVENTS = new Set<string>(['subscribe', 'area', 'alerts']);

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

// engine.io queues packets in `writeBuffer` while the transport is still busy
// with earlier ones (websocket write not yet drained, or a polling client not
// yet back). A non-empty buffer means the client is behind, so at most one
// frame ever waits per client. The field is private in engine.io's typings only.
const pendingPackets = (socket: LiveSocket): number => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;

/**
 * socket.io on the Nest HTTP server. Frames go out on a fixed tick rather than
 * per Kafka record: each client gets one coalesced delta per tick, and a client
 * whose previous frames are still in its write buffer is skipped that tick, so
 * a slow link never builds a queue; it simply receives the newest state later.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  private io: LiveServer | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private skippedBusy = 0;
  private refusedHandshakes = 0;
  /** Sockets watching the city's alerts. */
  private readonly alertWatchers = new Set<LiveSocket>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly live: LiveSocketService,
    private readonly alertFeed: AlertFeedConsumer,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    const origins = this.config.http.corsOrigins;
    this.io = new Server(this.adapterHost.httpAdapter.getHttpServer(), {
      path: SOCKET_PATH,
      serveClient: false,
      cors: origins ? { origin: origins } : undefined,
    });
    this.io.use(
      liveTokenMiddleware(this.config.liveTokenSecret, Date.now, ({ code, reason }) => {
        this.refusedHandshakes++;
        // Debug only: a wall retrying with an old token must not flood the log.
        this.logger.debug(`refused a socket handshake: ${code} (${reason})`);
      }),
    );
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.tickTimer = setInterval(() => this.tick(), this.config.live.tickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.tickTimer);
    // Drop the connections without a socket.io "disconnect" packet: clients then
    // see a transport close and reconnect by themselves (to this instance once it
    // is back, or another one), whereas after a server-side disconnect socket.io
    // clients wait to be told to reconnect. The HTTP server is left to Nest.
    this.io?.engine.close();
  }

  /** Busy-buffer skips since start; a growing number means clients on slow links. */
  get busySkips(): number {
    return this.skippedBusy;
  }

  /** Handshakes refused for a missing, bad or expired token since start. */
  get refusedHandshakeCount(): number {
    return this.refusedHandshakes;
  }

  private onConnection(socket: LiveSocket): void {
    // Raw arguments: a malformed call may put the ack first or send no payload at all.
    socket.on('subscribe', (...args: unknown[]) => this.handle(socket, args, (payload) => this.live.subscribe(socket.id, payload)));
    socket.on('area', (...args: unknown[]) => this.handle(socket, args, (payload) => this.live.changeArea(socket.id, payload)));
    socket.onAny((event: string, ...args: unknown[]) => {
      if (CLIENT_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        (ack as Ack<never>)({ ok: false, code: LiveSocketErrorCode.UNKNOWN_EVENT, message: `unknown event ${JSON.stringify(event)}; this gateway handles: ${[...CLIENT_EVENTS].join(', ')}` });
      }
    });
    socket.on('alerts', (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack<{ alerts: number }>) : undefined;
      this.alertWatchers.add(socket);
      ack?.({ ok: true, data: { alerts: this.alertFeed.book.size } });
      socket.emit('alerts', this.alertFeed.book.snapshot(Date.now()));
    });
    socket.on('disconnect', () => {
      this.alertWatchers.delete(socket);
      this.live.forget(socket.id);
    });
  }

  // validate -> update the session -> ack -> the snapshot frame, right away unless
  // the client is still busy with earlier packets (then the tick sends it once it
  // is not). Every refusal is an ack error; the socket stays up.
  private handle(socket: LiveSocket, args: unknown[], run: (payload: unknown) => SubscriptionState): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack<SubscriptionState>) : undefined;
    let state: SubscriptionState;
    try {
      state = run(args[0]);
    } catch (error) {
      ack?.(toAckError(error, this.logger));
      return;
    }
    ack?.({ ok: true, data: state });
    this.sendNextFrame(socket, Date.now());
  }

  private sendNextFrame(socket: LiveSocket, nowMs: number): void {
    if (pendingPackets(socket) > 0) {
      this.skippedBusy++;
      return;
    }
    const frame = this.live.nextFrame(socket.id, nowMs);
    if (frame) socket.emit('frame', frame);
  }

  private tick(): void {
    if (!this.io) return;
    const nowMs = Date.now();
    for (const socket of this.io.sockets.sockets.values()) {
      if (this.live.isSubscribed(socket.id)) this.sendNextFrame(socket, nowMs);
    }
    // Alert changes go to every watcher, busy or not: a few per second at most, and none may be skipped.
    const changes = this.alertFeed.book.drainChanges();
    if (changes) for (const socket of this.alertWatchers) socket.emit('alerts', changes);
  }
}
