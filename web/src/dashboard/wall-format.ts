import { activeLocale, strings } from '../i18n/strings';
import type { Locale } from '../i18n/locale';

// Formatting for the wall screen: stable widths (tabular digits), city time zone,
// numbers and dates in the wall's language. Formatters are cached per locale:
// building an Intl object costs far more than using one, and tiles format often.
export const CITY_TIME_ZONE = 'Asia/Shanghai';
const DAY_MS = 24 * 3600 * 1000;
// Neijiang keeps UTC+8 all year (no daylight saving), so a fixed offset is exact.
const CITY_OFFSET_MS = 8 * 3600 * 1000;

/** Seconds since `lastAtMs`, one decimal under 10 s, whole seconds after; null when never. */
export function secondsSince(lastAtMs: number | null, nowMs: number): string | null {
  if (lastAtMs === null) return null;
  const seconds = Math.max(0, nowMs - lastAtMs) / 1000;
  return seconds < 10 ? seconds.toFixed(1) : Math.floor(seconds).toString();
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

const timeFormat = (locale: Locale) =>
  cached(`time:${locale}`, () => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: CITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }));
const shortTimeFormat = (locale: Locale) =>
  cached(`short:${locale}`, () => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: CITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }));
const dateFormat = (locale: Locale) =>
  cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: CITY_TIME_ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
const numberFormat = (locale: Locale, digits: number) =>
  cached(`number:${locale}:${digits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const percentFormat = (locale: Locale) => cached(`percent:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));

/** hh:mm:ss in Neijiang. */
export const cityTime = (ms: number, locale: Locale = activeLocale.value): string => timeFormat(locale).format(ms);
/** hh:mm in Neijiang. */
export const cityShortTime = (ms: number, locale: Locale = activeLocale.value): string => shortTimeFormat(locale).format(ms);
export const cityDate = (ms: number, locale: Locale = activeLocale.value): string => dateFormat(locale).format(ms);

/** Midnight in Neijiang at or before `ms`: where "today" starts for the KPI tiles. */
export function cityMidnight(ms: number): number {
  return Math.floor((ms + CITY_OFFSET_MS) / DAY_MS) * DAY_MS - CITY_OFFSET_MS;
}

/** A count or measure with the locale's digit grouping. */
export const numberText = (value: number, digits = 0, locale: Locale = activeLocale.value): string => numberFormat(locale, digits).format(value);

/** 0..100 as "42 %"-style text in the locale's own way. */
export const percentText = (pct: number, locale: Locale = activeLocale.value): string => percentFormat(locale).format(pct / 100);

/** A mass for a tile: whole kg below a tonne, tonnes with one decimal from there. */
export function massText(kg: number, locale: Locale = activeLocale.value): string {
  return kg < 1000 ? `${numberText(kg, 0, locale)} ${strings.unit.kg}` : `${numberText(kg / 1000, 1, locale)} ${strings.unit.t}`;
}

/** A duration such as a GPS fix's age: seconds under two minutes, whole minutes after. */
export function durationText(ms: number, locale: Locale = activeLocale.value): string {
  const seconds = Math.max(0, ms) / 1000;
  return seconds < 120 ? `${numberText(seconds, 0, locale)} ${strings.unit.seconds}` : `${numberText(Math.floor(seconds / 60), 0, locale)} ${strings.unit.minutes}`;
}
