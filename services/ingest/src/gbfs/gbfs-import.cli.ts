// Imports a GBFS feed into the bike stream: reads a vehicle_status (v3) or
// free_bike_status (v2) document from a file or URL and produces one BikeEvent per
// vehicle to ub.bike.events.v1, keyed by bike id, as protobuf: the same path a
// bike operator's own integration takes, so ingest validates and stores it.
//
//   node services/ingest/dist/gbfs/gbfs-import.cli.js <file-or-url> --operator <name> [--brokers host:port,...]
//        [--topic ub.bike.events.v1] [--dry-run]
//   (or scripts/gbfs-import.sh with the same arguments)
//
// --brokers defaults to $KAFKA_BROKERS, then 127.0.0.1:19092 (the local stack).
// --dry-run prints the events as JSON lines (the documented JSON form) instead of producing them.
// Importing the same document twice stores nothing twice (see bikeEventsFromGbfs).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { toBinary, toJsonString } from '@bufbuild/protobuf';
import { createKafka, createLogger } from '@urban-brain/common';
import { BikeEventSchema, CONTENT_TYPE_PROTOBUF, HEADER_CONTENT_TYPE, HEADER_CORRELATION_ID, TOPIC_BIKE_EVENTS } from '@urban-brain/proto';
import { Partitioners } from 'kafkajs';
import { bikeEventsFromGbfs, readGbfsDocument } from './gbfs-vehicle.mapper';

const USAGE = 'usage: gbfs-import <file-or-url> --operator <name> [--brokers host:port,...] [--topic name] [--dry-run]';
// Records per produce request: a city's feed (~11,000 bikes) goes in a dozen requests.
const RECORDS_PER_SEND = 1_000;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      operator: { type: 'string' },
      brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092' },
      topic: { type: 'string', default: TOPIC_BIKE_EVENTS },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [source] = positionals;
  if (!source || positionals.length > 1 || !values.operator) throw new Error(USAGE);

  const { gbfsVersion, events, skipped } = bikeEventsFromGbfs(await readGbfsDocument(source), values.operator);

  if (values['dry-run']) {
    // stdout holds only the events, so it can be piped; the summary goes to stderr.
    for (const event of events) process.stdout.write(`${toJsonString(BikeEventSchema, event)}\n`);
    for (const { vehicleId, reason } of skipped) process.stderr.write(`skipped ${vehicleId}: ${reason}\n`);
    process.stderr.write(`dry run: GBFS v${gbfsVersion}, ${events.length} events, ${skipped.length} skipped, nothing produced\n`);
    return;
  }

  const logger = createLogger('gbfs-import');
  const log = logger.child({ context: 'GbfsImport' });
  for (const { vehicleId, reason } of skipped.slice(0, 10)) log.warn({ vehicleId, reason }, 'vehicle skipped');

  const producer = createKafka({ clientId: 'urban-brain-gbfs-import', brokers: values.brokers.split(','), logger }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: Number.MAX_SAFE_INTEGER },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const correlationId = `gbfs-${values.operator}-${randomUUID()}`;
    for (let i = 0; i < events.length; i += RECORDS_PER_SEND) {
      await producer.send({
        topic: values.topic,
        acks: -1,
        messages: events.slice(i, i + RECORDS_PER_SEND).map((event) => ({
          key: event.bikeId,
          value: Buffer.from(toBinary(BikeEventSchema, event)),
          headers: { [HEADER_CONTENT_TYPE]: CONTENT_TYPE_PROTOBUF, [HEADER_CORRELATION_ID]: correlationId },
        })),
      });
    }
    log.info({ source, gbfsVersion, topic: values.topic, produced: events.length, skipped: skipped.length, correlationId }, 'GBFS feed imported');
  } finally {
    await producer.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gbfs-import: ${(error as Error).message}\n`);
  process.exit(1);
});
