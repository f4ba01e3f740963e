import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { FaultInjector } from './fault-injector';

/** The part of a kafkajs producer the fleets use. */
export type RecordProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;

/**
 * One wrapper for every fleet's producer: each record batch passes through the fault
 * injector on its way out. With SIM_FAULTS empty it sends the batch unchanged.
 */
export function withFaults(producer: RecordProducer, faults: FaultInjector): RecordProducer {
  return {
    connect: () => producer.connect(),
    disconnect: async () => {
      // Messages held back for reordering still go out, in order, before the producer closes.
      for (const topic of Object.keys(faults.snapshot().byTopic)) {
        const held = faults.drain(topic);
        if (held.length > 0) await producer.send({ topic, messages: held }).catch(() => undefined);
      }
      await producer.disconnect();
    },
    send: async (record: ProducerRecord): Promise<RecordMetadata[]> => {
      const messages = faults.apply(record.topic, record.messages);
      if (messages.length === 0) return [];
      return producer.send({ ...record, messages });
    },
  };
}
