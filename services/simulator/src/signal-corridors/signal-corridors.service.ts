import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import type { Logger } from '@urban-brain/common';
import type { CorridorObservation, SignalPhaseChange } from '@urban-brain/proto';
import type { SimulatorConfig } from '../config/simulator.config';
import { CITY_PACK, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { GreenWaveSimulator } from './green-wave.simulator';
import { SignalCorridorsProducer } from './signal-corridors.producer';

/** What the loop needs from Kafka; a fake in unit tests. */
export type SignalCorridorsSink = Pick<SignalCorridorsProducer, 'connect' | 'send'>;

export interface SignalCorridorsStats {
  enabled: boolean;
  running: boolean;
  connected: boolean;
  corridors: number;
  intersections: number;
  phaseChangesSent: number;
  observationsSent: number;
  /** Messages dropped because the backlog outgrew its bound while Kafka was unavailable. */
  dropped: number;
  sendFailures: number;
  lastDeliveredAtMs: number | null;
}

// Phase changes are events, not samples: they are queued while a send is in flight,
// up to this many (about 30 minutes of the city's signals), then the oldest go.
const MAX_BACKLOG = 10_000;
const TICK_MS = 1_000;
const PROGRESS_EVERY_MS = 30_000;
const RETRY_MS = 1_000;

/** Runs the green-wave corridors on the wall clock, once a second, and delivers what they emit. */
@Injectable()
export class SignalCorridorsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly simulator: GreenWaveSimulator;
  private readonly log: Logger;
  private running = false;
  private connected = false;
  private timer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private phaseBacklog: SignalPhaseChange[] = [];
  private observationBacklog: CorridorObservation[] = [];
  private readonly stats = { phaseChangesSent: 0, observationsSent: 0, dropped: 0, sendFailures: 0, lastDeliveredAtMs: null as number | null };

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(SignalCorridorsProducer) private readonly sink: SignalCorridorsSink,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.simulator = new GreenWaveSimulator({
      pack,
      seed: config.SIM_SEED,
      observationS: config.SIM_SIGNALS_OBS_S,
      driftingCorridors: config.SIM_SIGNALS_DRIFTING,
      driftSPerMin: config.SIM_SIGNALS_DRIFT_S_PER_MIN,
      darkIntersections: config.SIM_SIGNALS_DARK,
      faultsFromMs: Date.now() + config.SIM_SIGNALS_FAULTS_AFTER_S * 1000,
    });
    this.log = logger.child({ context: SignalCorridorsService.name });
  }

  onApplicationBootstrap(): void {
    if (this.config.SIM_SIGNALS_ENABLED) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.log.info(
      {
        corridors: this.simulator.corridorCount,
        intersections: this.simulator.intersectionCount,
        observationS: this.config.SIM_SIGNALS_OBS_S,
        drifting: this.config.SIM_SIGNALS_DRIFTING,
        dark: this.config.SIM_SIGNALS_DARK,
        faultsAfterS: this.config.SIM_SIGNALS_FAULTS_AFTER_S,
      },
      'green-wave signals starting',
    );
    void this.connectUntilStopped().then(() => {
      if (!this.running) return;
      this.onTick();
      this.timer = setInterval(() => this.onTick(), TICK_MS);
      this.progressTimer = setInterval(() => this.log.info(this.snapshot(), 'green-wave signals progress'), PROGRESS_EVERY_MS);
      this.progressTimer.unref();
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    clearInterval(this.progressTimer);
    await this.inFlight;
    this.log.info(this.snapshot(), 'green-wave signals stopped');
  }

  snapshot(): SignalCorridorsStats {
    return {
      enabled: this.config.SIM_SIGNALS_ENABLED,
      running: this.running,
      connected: this.connected,
      corridors: this.simulator.corridorCount,
      intersections: this.simulator.intersectionCount,
      ...this.stats,
    };
  }

  private onTick(): void {
    if (!this.running) return;
    const { phaseChanges, observations } = this.simulator.tick(Date.now());
    this.phaseBacklog.push(...phaseChanges);
    this.observationBacklog.push(...observations);
    const excess = this.phaseBacklog.length + this.observationBacklog.length - MAX_BACKLOG;
    if (excess > 0) {
      this.phaseBacklog.splice(0, Math.min(excess, this.phaseBacklog.length));
      this.stats.dropped += excess;
      this.log.warn({ dropped: excess }, 'signal backlog full; dropped the oldest phase changes');
    }
    if (!this.inFlight && (this.phaseBacklog.length > 0 || this.observationBacklog.length > 0)) {
      this.inFlight = this.deliver().finally(() => (this.inFlight = null));
    }
  }

  private async deliver(): Promise<void> {
    const [phases, observations] = [this.phaseBacklog, this.observationBacklog];
    this.phaseBacklog = [];
    this.observationBacklog = [];
    try {
      await this.sink.send(phases, observations);
      this.stats.phaseChangesSent += phases.length;
      this.stats.observationsSent += observations.length;
      this.stats.lastDeliveredAtMs = Date.now();
    } catch (error) {
      // Put them back in front of what came meanwhile; the next tick retries.
      this.phaseBacklog = [...phases, ...this.phaseBacklog];
      this.observationBacklog = [...observations, ...this.observationBacklog];
      this.stats.sendFailures++;
      this.log.warn({ error: (error as Error).message, backlog: this.phaseBacklog.length }, 'signal send failed; retrying');
    }
  }

  private async connectUntilStopped(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.sink.connect();
        this.connected = true;
        return;
      } catch (error) {
        this.log.warn({ attempt, error: (error as Error).message }, 'cannot connect to Kafka; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS * Math.min(attempt, 10)));
      }
    }
  }
}
