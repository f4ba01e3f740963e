import { CallStage, type AmbulanceTotals } from '@urban-brain/proto';
import { strings } from '../i18n/strings';
import type { CallTable, FleetTotals } from '../live/live-tables';
import type { KpiScope } from './fleet-kpis';
import { numberText } from './wall-format';

/** The "120" tile's figures: the city's open calls and those no ambulance has been sent to yet. */
export interface CallKpis {
  openCalls: number;
  /** Received, no ambulance dispatched yet (what a dispatcher calls 待派车). */
  waitingCalls: number;
}

export const callKpisFromTotals = (totals: AmbulanceTotals): CallKpis => ({ openCalls: totals.openCalls, waitingCalls: totals.waitingCalls });

/** The open calls the wall holds: those of the map area it streams. */
export function callKpisInView(calls: CallTable): CallKpis {
  let waitingCalls = 0;
  for (let row = 0; row < calls.size; row++) {
    const stage = calls.at('stage', row);
    if (stage === CallStage.RECEIVED || stage === CallStage.UNSPECIFIED) waitingCalls++;
  }
  return { openCalls: calls.size, waitingCalls };
}

/** City-wide once the gateway sent the ambulance totals, else counted from the calls held ("in view"), like the other tiles. */
export function wallCallKpis(totals: FleetTotals, inView: () => CallKpis): CallKpis & { scope: KpiScope } {
  return totals.ambulances ? { ...callKpisFromTotals(totals.ambulances), scope: 'fleet' } : { ...inView(), scope: 'view' };
}

/** A response time for the tile: minutes with one decimal ("4.2 min", "4.2 分钟"); "—" until the api gives one. */
export function responseTimeText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return strings.never;
  return `${numberText(ms / 60_000, 1)} ${strings.unit.minutes}`;
}

export interface CallTileText {
  openCalls: string;
  waiting: string;
  median: string;
}

/** What the "120" tile says, in the wall's language. `medianResponseMs`: today's median call-to-scene time, when known. */
export function callTileText(kpis: CallKpis, medianResponseMs?: number | null): CallTileText {
  return {
    openCalls: numberText(kpis.openCalls),
    waiting: strings.kpi.callsWaiting(numberText(kpis.waitingCalls)),
    median: strings.kpi.medianResponse(responseTimeText(medianResponseMs)),
  };
}
