import { CITY_TIME_ZONE } from '../dashboard/wall-format';

// One compact, sortable form for every time on the admin page (2026-12-04 16:05:09), in the
// city's time like the wall's clock; Swedish is the locale that writes dates that way.
const stampFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO 8601 instant as city time, or null when there is none (never signed in) or it is unreadable. */
export function stampText(iso: string | null): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? stampFormat.format(ms) : null;
}

/** An audit entry's detail on one line (`role: engineer · disabled: true`), empty when there is none. */
export function detailText(detail: Record<string, unknown> | null | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}
