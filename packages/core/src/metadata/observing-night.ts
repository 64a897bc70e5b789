import { AstroError, ErrorCode } from '../errors/index.js';
import { formatUtcDate, parseHeaderDateTime } from './header-date.js';

const HALF_DAY_MS = 12 * 3_600_000;

/**
 * The observing night of a frame: the local calendar date of (local time − 12 h), so a night
 * runs from noon to noon and a 01:30 frame belongs to the previous evening's date.
 *
 * @param dateObsUtc ISO 8601 time in UTC ("2024-10-05T21:14:03Z"; a missing zone means UTC).
 * @param utcOffsetMinutes local offset from UTC at that instant (+120 for CEST, −300 for EST).
 * @throws AstroError INVALID_ARGUMENT when `dateObsUtc` is not a date-time.
 *
 * @example
 * ```ts
 * observingNight('2024-10-06T01:30:00Z', 120); // '2024-10-05'
 * ```
 */
export function observingNight(dateObsUtc: string, utcOffsetMinutes: number): string {
  const parsed = parseHeaderDateTime(dateObsUtc);
  if (parsed === null || !Number.isFinite(utcOffsetMinutes)) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `Not a UTC date-time: '${dateObsUtc}'`, {
      details: { dateObsUtc, utcOffsetMinutes },
    });
  }
  return nightFromUtcMs(parsed.ms, utcOffsetMinutes);
}

/** {@link observingNight} for epoch milliseconds. */
export function nightFromUtcMs(utcMs: number, utcOffsetMinutes: number): string {
  return formatUtcDate(utcMs + utcOffsetMinutes * 60_000 - HALF_DAY_MS);
}

/** The night from a local wall-clock time read as if UTC (DATE-LOC). */
export function nightFromLocalMs(localMs: number): string {
  return formatUtcDate(localMs - HALF_DAY_MS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
// Zone rules change offsets on quarter-hour instants; caching per 15 minutes is exact.
const BUCKET_MS = 15 * 60_000;

/**
 * The UTC offset, in minutes, of an IANA time zone at an instant, from the platform's zone data
 * (so daylight saving is right on both sides of a change).
 *
 * @throws AstroError INVALID_ARGUMENT for an unknown zone name.
 */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const bucket = Math.floor(utcMs / BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const formatter = formatterFor(timeZone);
  const start = bucket * BUCKET_MS;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(start)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const offset = Math.round((Date.UTC(year, month - 1, day, hour, minute) - start) / 60_000);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch (cause) {
      throw new AstroError(ErrorCode.INVALID_ARGUMENT, `Unknown time zone '${timeZone}'`, {
        cause,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
