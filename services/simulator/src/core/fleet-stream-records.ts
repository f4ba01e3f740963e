import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { encodeStreamMessage, type FleetStreamDescriptor } from '@urban-brain/common';
import type { FleetTopicProducerOptions } from './fleet-topic.producer';

/** A stream a fleet writes and the topic it goes to (SIM_<topicSetting>_TOPIC). */
export interface StreamTopic {
  readonly stream: FleetStreamDescriptor;
  readonly topic: string;
}

/**
 * How a fleet's messages become Kafka records, all read off its stream descriptors: the topic
 * each goes to, its key (the device, so one device stays on one partition, in order) and its
 * protobuf bytes. No fleet writes its own.
 */
export interface FleetStreamRecords<M> extends FleetTopicProducerOptions<M> {
  /** The fleet's name in logs, health and /backfill ("trucks"), from its descriptors. */
  readonly fleet: string;
  /** Every stream the fleet writes, with its topic; the first one's is `topic`. */
  readonly streams: readonly StreamTopic[];
}

/** A fleet with one stream (trucks, bikes, boats): each message is one of that stream's. */
export function streamRecords<Desc extends DescMessage>(stream: FleetStreamDescriptor<Desc>, topic: string): FleetStreamRecords<MessageShape<Desc>> {
  return {
    fleet: stream.fleet,
    streams: [{ stream, topic }],
    topic,
    keyOf: (message) => stream.deviceOf(message),
    encode: (message) => encodeStreamMessage(stream, message),
  };
}

/** A message of a fleet with several streams (signals: phase changes and corridor observations), with the stream it is of. */
export interface StreamMessage<Desc extends DescMessage = DescMessage> {
  readonly stream: FleetStreamDescriptor<Desc>;
  readonly message: MessageShape<Desc>;
}

/** A fleet with several streams: each message goes to its stream's topic, keyed and encoded by that stream. */
export function taggedStreamRecords<M extends StreamMessage>(streams: readonly StreamTopic[]): FleetStreamRecords<M> {
  const [first] = streams;
  if (!first) throw new Error('a fleet writes at least one stream');
  const fleet = first.stream.fleet;
  const others = streams.filter(({ stream }) => stream.fleet !== fleet).map(({ stream }) => stream.name);
  if (others.length > 0) throw new Error(`streams of one fleet expected (${fleet}); not of it: ${others.join(', ')}`);
  const topics = new Map(streams.map(({ stream, topic }) => [stream, topic]));
  return {
    fleet,
    streams,
    topic: first.topic,
    topicOf: ({ stream }) => {
      const topic = topics.get(stream);
      if (topic === undefined) throw new Error(`${fleet} has no topic for stream ${stream.name}`);
      return topic;
    },
    keyOf: ({ stream, message }) => stream.deviceOf(message),
    encode: ({ stream, message }) => encodeStreamMessage(stream, message),
  };
}
