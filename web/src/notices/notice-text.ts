import { cityShortTime, durationText } from '../dashboard/wall-format';
import { localName } from '../dashboard/city-places';
import { activeLocale, strings } from '../i18n/strings';
import type { Notice, NoticeFleet } from './notice';

/** The notice's sentence in the wall's language. */
export function noticeText(notice: Notice): string {
  const watch = strings.watch;
  const message = notice.message;
  switch (message.kind) {
    case 'linkLost':
      return watch.linkLost(cityShortTime(notice.atMs));
    case 'alertsRefused':
      return watch.alertsRefused(message.reason);
    case 'feedOutage': {
      const fleets = message.layers.map((layer) => strings.fleet[layer]).join(strings.link.fleetSeparator);
      return (message.down ? watch.feedDown : watch.feedDelayed)(fleets, durationText(message.silentMs));
    }
    case 'text':
      return activeLocale.value === 'zh-CN' ? message.zh || message.en : message.en || message.zh;
  }
}

/** The fleet as the wall names it: its map layer's name, else the alert fleet's (signals, the city). */
export function noticeFleetText(fleet: NoticeFleet): string {
  return (strings.fleet as Record<string, string>)[fleet] ?? (strings.watch.fleet as Record<string, string>)[fleet] ?? fleet;
}

/** Where: the district or the pack's name in the wall's language, the lake, the urban area; null when the alert has no place. */
export function noticePlaceText(notice: Notice): string | null {
  const place = notice.place;
  if (place && 'name' in place) return localName(place.name, activeLocale.value);
  if (place) return strings.place[place.known];
  return null;
}

/** How long ago, coarse enough to read from across a room: "just now", minutes, then hours. */
export function noticeAgeText(ageMs: number): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return strings.watch.justNow;
  if (minutes < 60) return strings.watch.minutesAgo(String(minutes));
  return strings.watch.hoursAgo(String(Math.floor(minutes / 60)), String(minutes % 60).padStart(2, '0'));
}
