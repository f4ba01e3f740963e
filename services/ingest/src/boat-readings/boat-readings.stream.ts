import { Inject, Injectable } from '@nestjs/common';
import { decodeBoatReading, findBoatReadingProblem, type FleetDecodeResult, type Logger } from '@urban-brain/common';
import type { BoatReading } from '@urban-brain/proto';
import { LOGGER } from '../core/core.tokens';
import type { FleetStream } from '../fleet-ingest/fleet-stream';
import { BoatReadingsRepository } from './boat-readings.repository';

/** Lake-cleanup boat readings and their vessel sightings: ub.boat.readings.v1 -> boat_readings, vessel_sightings. */
@Injectable()
export class BoatReadingsStream implements FleetStream<BoatReading> {
  readonly name = 'boat-readings';
  readonly messageName = 'BoatReading';
  readonly keyField = 'boat_id';
  private readonly log: Logger;

  constructor(
    @Inject(BoatReadingsRepository) private readonly repository: Pick<BoatReadingsRepository, 'storeReadings'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: BoatReadingsStream.name });
  }

  decode(value: Uint8Array, contentType: string | undefined): FleetDecodeResult<BoatReading> {
    return decodeBoatReading(value, contentType);
  }

  findProblem(reading: BoatReading, nowMs: number): string | null {
    return findBoatReadingProblem(reading, nowMs);
  }

  keyOf(reading: BoatReading): string {
    return reading.boatId;
  }

  identityOf(reading: BoatReading): string {
    return `${reading.boatId} ${reading.recordedAtMs} ${reading.seq}`;
  }

  async store(readings: readonly BoatReading[]): Promise<number> {
    const { readings: stored, sightings } = await this.repository.storeReadings(readings);
    // Rare and what the lake patrol acts on, so each new one is worth a line.
    if (sightings > 0) this.log.info({ sightings }, 'unlicensed vessel sightings stored');
    return stored;
  }
}
