import { Module } from '@nestjs/common';
import { AmbulanceReadingsStream } from '../ambulances/ambulance-readings.stream';
import { AmbulancesModule } from '../ambulances/ambulances.module';
import { EmergencyCallsStream } from '../ambulances/emergency-calls.stream';
import { BikeEventsModule } from '../bike-events/bike-events.module';
import { BikeEventsStream } from '../bike-events/bike-events.stream';
import { BoatReadingsModule } from '../boat-readings/boat-readings.module';
import { BoatReadingsStream } from '../boat-readings/boat-readings.stream';
import { topicsOf, type IngestConfig } from '../config/ingest.config';
import { INGEST_CONFIG } from '../core/core.tokens';
import { CorridorObservationsModule } from '../corridor-observations/corridor-observations.module';
import { CorridorObservationsStream } from '../corridor-observations/corridor-observations.stream';
import { DeadLetterModule } from '../dead-letter/dead-letter.module';
import { SignalPhasesModule } from '../signal-phases/signal-phases.module';
import { SignalPhasesStream } from '../signal-phases/signal-phases.stream';
import { TruckReadingsModule } from '../truck-readings/truck-readings.module';
import { TruckReadingsStream } from '../truck-readings/truck-readings.stream';
import { FleetIngestConsumer } from './fleet-ingest.consumer';
import { FleetIngestConsumerHealth } from './fleet-ingest.health';
import { FleetIngestService } from './fleet-ingest.service';
import { FLEET_STREAMS, type FleetStream, type FleetStreamsByTopic } from './fleet-stream';

/** The streams INGEST_STREAMS names, keyed by their configured topic. */
export function streamsByTopic(config: IngestConfig, streams: readonly FleetStream<unknown>[]): FleetStreamsByTopic {
  const topics = topicsOf(config);
  return new Map(streams.filter((s) => topics.has(s.name)).map((s) => [topics.get(s.name)!, s]));
}

@Module({
  imports: [DeadLetterModule, TruckReadingsModule, BikeEventsModule, BoatReadingsModule, SignalPhasesModule, CorridorObservationsModule, AmbulancesModule],
  providers: [
    {
      provide: FLEET_STREAMS,
      useFactory: (config: IngestConfig, ...streams: FleetStream<unknown>[]) => streamsByTopic(config, streams),
      inject: [INGEST_CONFIG, TruckReadingsStream, BikeEventsStream, BoatReadingsStream, SignalPhasesStream, CorridorObservationsStream, AmbulanceReadingsStream, EmergencyCallsStream],
    },
    FleetIngestService,
    FleetIngestConsumer,
    FleetIngestConsumerHealth,
  ],
  exports: [FleetIngestService, FleetIngestConsumerHealth],
})
export class FleetIngestModule {}
