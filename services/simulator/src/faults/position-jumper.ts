import { fromBinary, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { METRES_PER_DEGREE, metresPerDegreeLon } from '@urban-brain/common';
import type { PositionJumper } from './fault-injector';

// A GPS jump lands 2-5 km away: far enough that no plausible speed explains it.
const JUMP_M: readonly [number, number] = [2_000, 5_000];

/** A jumper for any message schema with top-level `lon` and `lat` doubles (truck, boat readings, bike events). */
export function positionJumperFor(schema: DescMessage): PositionJumper {
  return (value, random) => {
    let message: Record<string, unknown>;
    try {
      message = fromBinary(schema, value) as unknown as Record<string, unknown>;
    } catch {
      return null;
    }
    const { lon, lat } = message;
    if (typeof lon !== 'number' || typeof lat !== 'number' || (lon === 0 && lat === 0)) return null;
    const distanceM = random.between(...JUMP_M);
    const angle = random.between(0, 2 * Math.PI);
    message.lat = lat + (distanceM * Math.cos(angle)) / METRES_PER_DEGREE;
    message.lon = lon + (distanceM * Math.sin(angle)) / metresPerDegreeLon(lat);
    const bytes = toBinary(schema, message as never);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}
