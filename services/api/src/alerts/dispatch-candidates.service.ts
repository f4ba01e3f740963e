import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { METRES_PER_DEGREE, metresPerDegreeLon, type AlertRow } from '@urban-brain/common';
import type { DispatchCandidate } from '@urban-brain/proto';
import type { Pool } from 'pg';
import { CITY_PACK } from '../city/city-pack.token';
import { PG_POOL } from '../database/pg-pool.token';
import { POSITION_HISTORY, type PositionFleet } from '../history/history-fleet';

/** How a fleet's vehicles travel to a place: on the road graph at a city speed, or straight across the lake. */
interface Travel {
  speedMps: number;
  byRoad: boolean;
  action: string;
}

// The fleets that can be sent somewhere, and how they get there. Bikes are not sent (their alerts go
// to the operator's rebalancing crew, a person, assigned by name); signals have no vehicles.
const TRAVEL: Partial<Record<PositionFleet, Travel>> = {
  // ~25 km/h: a loaded compactor in city traffic.
  trucks: { speedMps: 7, byRoad: true, action: 'collect' },
  // ~40 km/h: lights and sirens through Neijiang's streets.
  ambulances: { speedMps: 11, byRoad: true, action: 'respond' },
  // ~8 km/h: a cleanup boat's cruising speed on Tianchenghu.
  boats: { speedMps: 2.2, byRoad: false, action: 'sweep' },
};

// Vehicles not heard from for this long are not proposed.
const FRESH_S = 600;
// Routed on the road graph: the nearest by straight line (a route costs a graph search each).
const ROUTED = 12;
const PROPOSED = 5;

/** The vehicles suited to an alert's place, fastest first: road-network ETA from each one's last position. */
@Injectable()
export class DispatchCandidatesService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CITY_PACK) private readonly cityPack: CityPack,
  ) {}

  /** The fleet an alert sends: the rule's choice (detail.dispatchFleet), else the alert's own fleet when it moves. */
  fleetFor(alert: AlertRow): PositionFleet | null {
    return this.sendable(typeof alert.detail?.dispatchFleet === 'string' ? alert.detail.dispatchFleet : alert.fleet);
  }

  /** `fleet` when its vehicles can be sent somewhere (they take dispatch tasks), else null. */
  sendable(fleet: string | null | undefined): PositionFleet | null {
    return fleet !== null && fleet !== undefined && fleet in TRAVEL ? (fleet as PositionFleet) : null;
  }

  actionFor(fleet: PositionFleet): string {
    return TRAVEL[fleet]!.action;
  }

  async candidates(alert: AlertRow, nowMs: number): Promise<DispatchCandidate[]> {
    const fleet = this.fleetFor(alert);
    if (fleet === null || alert.lon === null || alert.lat === null) return [];
    const travel = TRAVEL[fleet]!;
    const { table, idColumn } = POSITION_HISTORY[fleet];
    // A vehicle with an unresolved critical alert of its own (a boat on its last 5 % of battery) is not sent.
    const { rows } = await this.pool.query<{ id: string; lon: number; lat: number }>(
      `SELECT DISTINCT ON (${idColumn}) ${idColumn} AS id, lon, lat FROM ${table}
       WHERE recorded_at > $1 AND recorded_at <= $2
         AND ${idColumn} NOT IN (SELECT entity_id FROM alerts WHERE fleet = $3 AND state <> 'resolved' AND severity = 3)
       ORDER BY ${idColumn}, recorded_at DESC`,
      [new Date(nowMs - FRESH_S * 1000), new Date(nowMs), fleet],
    );
    const target: [number, number] = [alert.lon, alert.lat];
    const kx = metresPerDegreeLon(alert.lat);
    const straight = (lon: number, lat: number) => Math.hypot((lon - target[0]) * kx, (lat - target[1]) * METRES_PER_DEGREE);
    const nearest = rows
      .filter((row) => row.id !== alert.entity_id)
      .map((row) => ({ ...row, straightM: straight(row.lon, row.lat) }))
      .sort((a, b) => a.straightM - b.straightM)
      .slice(0, ROUTED);
    const proposed: DispatchCandidate[] = [];
    for (const vehicle of nearest) {
      const route = travel.byRoad ? this.cityPack.route([vehicle.lon, vehicle.lat], target) : null;
      if (travel.byRoad && route === null) continue;
      // The walk or drive on and off the network counts too (snap distances), at the same speed.
      const distanceM = route ? route.lengthM + route.from.distanceM + route.to.distanceM : vehicle.straightM;
      proposed.push({
        fleet,
        vehicleId: vehicle.id,
        etaS: Math.round(distanceM / travel.speedMps),
        distanceM: Math.round(distanceM),
        lon: vehicle.lon,
        lat: vehicle.lat,
        reason: `${(distanceM / 1000).toFixed(1)} km ${travel.byRoad ? 'by road' : 'across the lake'}`,
      });
    }
    return proposed.sort((a, b) => a.etaS - b.etaS).slice(0, PROPOSED);
  }
}
