import { z } from 'zod';
import { LIVE_LAYERS, type LiveLayer, type SubscribeRequest } from '@urban-brain/proto';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { parseMapArea } from './map-area.parser';

// The area is checked on its own below, so its errors carry the INVALID_AREA code.
const shape = z.object({ layers: z.array(z.string()).min(1).max(16), area: z.unknown().optional() }).strict();

/** A validated subscribe request; throws LiveSocketException naming what is wrong. */
export function parseSubscribeRequest(payload: unknown): SubscribeRequest {
  const parsed = shape.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
    throw new LiveSocketException(
      LiveSocketErrorCode.INVALID_REQUEST,
      `subscribe expects { layers: string[], area?: MapArea } with 1-16 layers; ${where}: ${issue.message}`,
    );
  }
  const unknown = parsed.data.layers.filter((layer) => !(LIVE_LAYERS as readonly string[]).includes(layer));
  if (unknown.length > 0) {
    throw new LiveSocketException(
      LiveSocketErrorCode.UNKNOWN_LAYER,
      `unknown layer(s) ${unknown.map((l) => JSON.stringify(l)).join(', ')}; available: ${LIVE_LAYERS.join(', ')}`,
    );
  }
  const layers = [...new Set(parsed.data.layers)] as LiveLayer[];
  return parsed.data.area === undefined ? { layers } : { layers, area: parseMapArea(parsed.data.area) };
}
