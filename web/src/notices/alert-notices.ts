import type { AlertFleet } from '@urban-brain/proto';
import { isResolved, wasEscalated, type LiveAlert } from '../console/alert-book';
import { districtAt, type District, type PlaceName } from '../dashboard/city-places';
import type { SelectedEntity } from '../stores/selection.store';
import { SEVERITY_RANK, type Notice } from './notice';

export interface AlertNoticePlaces {
  districts: readonly District[];
  corridorNames: ReadonlyMap<string, PlaceName>;
  corridorOfIntersection: ReadonlyMap<string, string>;
  /** Whether an id is an open "120" call the wall knows (the response-time rule names the call, not an ambulance). */
  isOpenCall: (id: string) => boolean;
}

// What choosing an alert opens on the wall, per alert fleet: the entity on its map layer; a signal
// alert opens its corridor (a dark intersection's corridor from the pack); a count in a zone has no entity.
const TARGET_OF: Record<AlertFleet, (id: string, places: AlertNoticePlaces) => SelectedEntity | null> = {
  trucks: (id) => ({ layer: 'trucks', id }),
  bikes: (id) => ({ layer: 'bikes', id }),
  boats: (id) => ({ layer: 'boats', id }),
  ambulances: (id, places) => ({ layer: places.isOpenCall(id) ? 'calls' : 'ambulances', id }),
  signals: (id, places) => {
    const corridor = places.corridorNames.has(id) ? id : places.corridorOfIntersection.get(id);
    return corridor ? { layer: 'corridors', id: corridor } : null;
  },
  city: () => null,
};

export const alertTarget = (alert: Pick<LiveAlert, 'fleet' | 'entityId'>, places: AlertNoticePlaces): SelectedEntity | null =>
  TARGET_OF[alert.fleet]?.(alert.entityId, places) ?? null;

// The row that speaks for an incident: the most severe of its alerts, then the newest.
const speaksFirst = (a: LiveAlert, b: LiveAlert) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAtMs - a.raisedAtMs || a.id.localeCompare(b.id);

/**
 * The unresolved alerts of the city as ticker rows: an incident's alerts (same incidentId) as one row
 * with their count, worded by the one that speaks first; the most severe first, then the newest.
 */
export function alertNotices(alerts: readonly LiveAlert[], places: AlertNoticePlaces): Notice[] {
  const rows = new Map<string, LiveAlert[]>();
  for (const alert of alerts) {
    if (isResolved(alert)) continue;
    const key = alert.incidentId ? `incident:${alert.incidentId}` : `alert:${alert.id}`;
    const members = rows.get(key);
    if (members) members.push(alert);
    else rows.set(key, [alert]);
  }
  const notices: Notice[] = [];
  for (const [key, members] of rows) {
    const lead = members.sort(speaksFirst)[0]!;
    const district = lead.lon !== null && lead.lat !== null ? districtAt(places.districts, lead.lon, lead.lat) : null;
    notices.push({
      key,
      source: 'alert',
      atMs: Math.max(...members.map((alert) => alert.raisedAtMs)),
      fleet: lead.fleet,
      severity: lead.severity,
      place: district ? { name: district } : null,
      target: alertTarget(lead, places),
      message: { kind: 'text', en: lead.titleEn, zh: lead.titleZh },
      rule: lead.rule,
      count: members.length,
      escalated: members.some(wasEscalated),
    });
  }
  return notices.sort(compareNotices);
}

/** The most severe first, then the newest; by key on a tie so the order holds still. */
export function compareNotices(a: Notice, b: Notice): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.atMs - a.atMs || a.key.localeCompare(b.key);
}
