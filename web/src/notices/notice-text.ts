import { localName } from '../dashboard/city-places';
import { durationText, numberText, percentText } from '../dashboard/wall-format';
import { activeLocale, strings } from '../i18n/strings';
import type { Notice } from './notice';

/** The notice's sentence in the wall's language. */
export function noticeText(notice: Notice): string {
  const watch = strings.watch;
  const message = notice.message;
  switch (message.kind) {
    case 'waveBroken':
      return watch.waveBroken(percentText(message.arrivalsOnGreenPct), numberText(message.travelTimeRatio, 2));
    case 'darkIntersections':
      return watch.darkIntersections(numberText(message.dark), numberText(message.total));
    case 'boatBattery':
      return watch.boatBattery(percentText(message.batteryPct));
    case 'bikesOutside':
      return watch.bikesOutside(numberText(message.count), percentText(message.sharePct));
    case 'staleGps':
      return watch.staleGps(durationText(message.ageMs));
    case 'feedOutage': {
      const fleets = message.layers.map((layer) => strings.fleet[layer]).join(strings.link.fleetSeparator);
      return (message.down ? watch.feedDown : watch.feedDelayed)(fleets, durationText(message.silentMs));
    }
    case 'text':
      return activeLocale.value === 'zh-CN' ? message.zh : message.en;
  }
}

/** Where: the pack's name in the wall's language, the lake, the urban area, or the entity's id. */
export function noticePlaceText(notice: Notice): string {
  const place = notice.place;
  if (place && 'name' in place) return localName(place.name, activeLocale.value);
  if (place) return strings.place[place.known];
  return notice.entityId ?? strings.place.city;
}
