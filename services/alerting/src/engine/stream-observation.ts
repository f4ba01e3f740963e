/** One decoded fleet message as the rules see it; the consumer builds it from the stream's descriptor. */
export interface StreamObservation {
  /** The descriptor's name, e.g. 'boat-readings' (FLEET_STREAMS in @urban-brain/common). */
  stream: string;
  /** 'trucks' | 'bikes' | 'boats' | 'signals' | 'ambulances'. */
  fleet: string;
  /** descriptor.deviceOf(message). */
  entityId: string;
  /** descriptor.recordedAtMsOf(message): device time. */
  atMs: number;
  /** The decoded protobuf-es message: camelCase fields, bigint for int64, enums as numbers. */
  message: Record<string, unknown>;
}
