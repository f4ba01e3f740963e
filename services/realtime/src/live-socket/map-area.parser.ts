import { z } from 'zod';
import type { MapArea } from '@urban-brain/proto';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';

const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);

export const mapAreaShape = z
  .object({ west: lon, south: lat, east: lon, north: lat, zoom: z.number().finite().min(0).max(24) })
  .strict()
  // A box across the antimeridian (west > east) is not needed for one city; refusing it keeps filtering a plain comparison.
  .refine((area) => area.west < area.east, { message: 'west must be less than east', path: ['west'] })
  .refine((area) => area.south < area.north, { message: 'south must be less than north', path: ['south'] });

export const MAP_AREA_FORMAT = '{ west, south, east, north: degrees, west < east, south < north; zoom: 0-24 }';

/** A validated map area; throws LiveSocketException INVALID_AREA naming the bad field. */
export function parseMapArea(payload: unknown, where = 'area'): MapArea {
  const parsed = mapAreaShape.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [where, ...issue.path].join('.');
  throw new LiveSocketException(LiveSocketErrorCode.INVALID_AREA, `${where} expects ${MAP_AREA_FORMAT}; ${field}: ${issue.message}`);
}
