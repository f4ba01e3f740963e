import { readFile } from 'node:fs/promises';
import { create } from '@bufbuild/protobuf';
import { findBikeEventProblem } from '@urban-brain/common';
import { BikeEventKind, BikeEventSchema, type BikeEvent } from '@urban-brain/proto';
import { z } from 'zod';

// GBFS times: v2 uses POSIX seconds (integers), v3 RFC 3339 strings. Either is
// accepted in either version, since feeds in the wild mix them.
const gbfsTime = z.union([z.number().int().nonnegative(), z.string().datetime({ offset: true })]);

const vehicle = z.object({
  lat: z.number().optional(),
  lon: z.number().optional(),
  is_reserved: z.boolean().optional(),
  is_disabled: z.boolean().optional(),
  station_id: z.string().optional(),
  last_reported: gbfsTime.optional(),
  current_range_meters: z.number().nonnegative().optional(),
  // 0-1 (GBFS 2.3+ and 3.x).
  current_fuel_percent: z.number().min(0).max(1).optional(),
});

const gbfsDocument = z.object({
  last_updated: gbfsTime,
  version: z.string().optional(),
  data: z.union([
    z.object({ vehicles: z.array(vehicle.extend({ vehicle_id: z.string().min(1) })) }),
    z.object({ bikes: z.array(vehicle.extend({ bike_id: z.string().min(1) })) }),
  ]),
});

type GbfsVehicle = z.infer<typeof vehicle> & { id: string };

export interface GbfsMapping {
  /** 3 for vehicle_status (data.vehicles), 2 for free_bike_status (data.bikes). */
  gbfsVersion: 2 | 3;
  events: BikeEvent[];
  /** Vehicles that became no event, with the reason. */
  skipped: { vehicleId: string; reason: string }[];
}

const msOf = (time: number | string): number => (typeof time === 'number' ? time * 1000 : Date.parse(time));

/**
 * Maps a GBFS vehicle_status (v3) or free_bike_status (v2) document to BikeEvents,
 * one per vehicle: FAULT when disabled, BATTERY_REPORT when the feed gives a
 * charge, PARKED_STATE otherwise. The event time is the vehicle's last_reported
 * (else the feed's last_updated) and seq is that time in whole seconds: it grows
 * with every new report of a bike, and importing the same feed twice produces the
 * same (bike, time, seq), which ingest stores once.
 */
export function bikeEventsFromGbfs(json: unknown, operator: string, nowMs = Date.now()): GbfsMapping {
  const parsed = gbfsDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a GBFS vehicle_status or free_bike_status document: ${issue.path.join('.') || '(document)'}: ${issue.message}`);
  }
  const { data, last_updated: lastUpdated } = parsed.data;
  const gbfsVersion = 'vehicles' in data ? 3 : 2;
  const vehicles: GbfsVehicle[] = 'vehicles' in data ? data.vehicles.map((v) => ({ ...v, id: v.vehicle_id })) : data.bikes.map((v) => ({ ...v, id: v.bike_id }));

  const events: BikeEvent[] = [];
  const skipped: GbfsMapping['skipped'] = [];
  for (const v of vehicles) {
    // Reserved or docked vehicles may come without a position; there is nothing to place on the map.
    if (v.lat === undefined || v.lon === undefined) {
      skipped.push({ vehicleId: v.id, reason: 'lon/lat: absent' });
      continue;
    }
    const recordedAtMs = msOf(v.last_reported ?? lastUpdated);
    const hasCharge = v.current_fuel_percent !== undefined;
    const event = create(BikeEventSchema, {
      // Prefixed: two operators' feeds may use the same ids.
      bikeId: `${operator}:${v.id}`,
      seq: Math.floor(recordedAtMs / 1000),
      recordedAtMs: BigInt(recordedAtMs),
      kind: v.is_disabled ? BikeEventKind.FAULT : hasCharge ? BikeEventKind.BATTERY_REPORT : BikeEventKind.PARKED_STATE,
      lon: v.lon,
      lat: v.lat,
      // A GBFS station (physical or virtual) is where the operator lets bikes park: the nearest thing to a fence.
      fenceId: v.station_id ?? '',
      inFence: v.station_id !== undefined,
      // GBFS requires current_range_meters for every vehicle with a motor.
      isEbike: hasCharge || v.current_range_meters !== undefined,
      batteryPct: hasCharge ? Math.round(v.current_fuel_percent! * 1000) / 10 : 0,
      operator,
    });
    const problem = findBikeEventProblem(event, nowMs);
    if (problem) skipped.push({ vehicleId: v.id, reason: problem });
    else events.push(event);
  }
  return { gbfsVersion, events, skipped };
}

/** The document at a file path or an http(s) URL, parsed as JSON. */
export async function readGbfsDocument(source: string, timeoutMs = 15_000): Promise<unknown> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${source}: HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(source, 'utf8')) as unknown;
}
