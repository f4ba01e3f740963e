import type { BikeEvent, BoatReading, CorridorObservation, LiveLayer, SignalPhaseChange, TruckReading } from '@urban-brain/proto';
import { nextLiveBike, type LiveBike } from '../fleets/bikes/live-bike';
import { nextLiveBoat, type LiveBoat } from '../fleets/boats/live-boat';
import { corridorWithObservation, corridorWithPhase, type LiveCorridor } from '../fleets/signals/live-corridor';
import { LiveStateStore, type LiveStateStoreOptions } from './live-state-store';
import { nextLiveTruck, type LiveTruck } from '../fleets/trucks/live-truck';

export type FleetLiveStateOptions = Record<LiveLayer, LiveStateStoreOptions>;

/** The entry type each layer holds. */
export interface LiveLayerEntries {
  trucks: LiveTruck;
  bikes: LiveBike;
  boats: LiveBoat;
  corridors: LiveCorridor;
}

// The gateway's whole live picture: one latest-state store per layer, each with
// its own version, staleness and cap. The Kafka feed writes it through the
// `apply*` methods; the socket service reads each layer's store.
export class FleetLiveState {
  readonly trucks: LiveStateStore<LiveTruck>;
  readonly bikes: LiveStateStore<LiveBike>;
  readonly boats: LiveStateStore<LiveBoat>;
  readonly corridors: LiveStateStore<LiveCorridor>;

  constructor(options: FleetLiveStateOptions) {
    this.trucks = new LiveStateStore(options.trucks);
    this.bikes = new LiveStateStore(options.bikes);
    this.boats = new LiveStateStore(options.boats);
    this.corridors = new LiveStateStore(options.corridors);
  }

  layer<L extends LiveLayer>(layer: L): LiveStateStore<LiveLayerEntries[L]> {
    return this[layer] as unknown as LiveStateStore<LiveLayerEntries[L]>;
  }

  applyTruckReading(reading: TruckReading, receivedAtMs: number): boolean {
    return this.trucks.upsert(reading.truckId, receivedAtMs, nextLiveTruck(reading, receivedAtMs));
  }

  applyBikeEvent(event: BikeEvent, receivedAtMs: number): boolean {
    return this.bikes.upsert(event.bikeId, receivedAtMs, nextLiveBike(event, receivedAtMs));
  }

  applyBoatReading(reading: BoatReading, receivedAtMs: number): boolean {
    return this.boats.upsert(reading.boatId, receivedAtMs, nextLiveBoat(reading, receivedAtMs));
  }

  applyCorridorObservation(observation: CorridorObservation, receivedAtMs: number): boolean {
    return this.corridors.upsert(observation.corridorId, receivedAtMs, corridorWithObservation(observation, receivedAtMs));
  }

  /** False for an intersection on no corridor: the live map draws corridors only. */
  applySignalPhaseChange(change: SignalPhaseChange, receivedAtMs: number): boolean {
    if (change.corridorId === '') return false;
    return this.corridors.upsert(change.corridorId, receivedAtMs, corridorWithPhase(change, receivedAtMs));
  }

  /** Ages out silent entries on every layer; returns the removed ids per layer. */
  removeStale(nowMs: number): Record<LiveLayer, string[]> {
    return {
      trucks: this.trucks.removeStale(nowMs),
      bikes: this.bikes.removeStale(nowMs),
      boats: this.boats.removeStale(nowMs),
      corridors: this.corridors.removeStale(nowMs),
    };
  }
}
