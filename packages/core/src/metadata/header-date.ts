/**
 * A date/time read from a header: epoch milliseconds (as if UTC when the text has no zone) and
 * whether the text carried a time of day at all ("2024-10-05" alone does not).
 */
export interface HeaderDateTime {
  ms: number;
  hasTime: boolean;
}

// YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]]][Z|±hh[:]mm]; fractions of any length (SharpCap writes 7).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_ONLY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * Parses a FITS/XISF date-time string. Returns `null` for anything that is not a valid ISO-like
 * calendar date (the old FITS "DD/MM/YY" form only ever meant 1900–1999 and is not read).
 */
export function parseHeaderDateTime(text: string): HeaderDateTime | null {
  const m = DATE_TIME.exec(text.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Truncate to milliseconds: rounding could carry into the next second.
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return null;
  if (day > daysInMonth(year, month)) return null;
  let epoch = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  if (m[8] !== undefined && m[8].toUpperCase() !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return { ms: epoch, hasTime: m[4] !== undefined };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds since midnight for a "hh:mm:ss[.fff]" TIME-OBS/UT value, or `null`. */
export function parseTimeOfDayMs(text: string): number | null {
  const m = TIME_ONLY.exec(text.trim());
  if (m === null) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[4] === undefined ? 0 : Number(m[4].slice(0, 3).padEnd(3, '0'));
  return ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** Formats epoch milliseconds as a calendar date, YYYY-MM-DD, in UTC. */
export function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
