import { Inject, Injectable } from '@nestjs/common';
import { BOAT_READINGS, type Logger } from '@urban-brain/common';
import type { BoatReading, BoatReadingSchema } from '@urban-brain/proto';
import { LOGGER } from '../core/core.tokens';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { BoatReadingsRepository } from './boat-readings.repository';

/** Lake-cleanup boat readings and their vessel sightings: ub.boat.readings.v1 -> boat_readings, vessel_sightings. */
@Injectable()
export class BoatReadingsStream extends DescribedFleetStream<typeof BoatReadingSchema> {
  private readonly log: Logger;

  constructor(
    @Inject(BoatReadingsRepository) private readonly repository: Pick<BoatReadingsRepository, 'storeReadings'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(BOAT_READINGS);
    this.log = logger.child({ context: BoatReadingsStream.name });
  }

  async store(readings: readonly BoatReading[]): Promise<number> {
    const { readings: stored, sightings } = await this.repository.storeReadings(readings);
    // Rare and what the lake patrol acts on, so each new one is worth a line.
    if (sightings > 0) this.log.info({ sightings }, 'unlicensed vessel sightings stored');
    return stored;
  }
}
