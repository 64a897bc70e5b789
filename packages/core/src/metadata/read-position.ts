import type { HeaderField } from './capture-profiles.js';
import type { FieldReader, RawValue } from './field-reader.js';
import { toNumber } from './field-reader.js';
import type { FrameRecord } from './frame-record.js';
import type { PathTokens } from './path-tokens.js';
import { parseSexagesimal } from './sexagesimal.js';

// A string holding separators or unit letters is sexagesimal; a bare number string is decimal.
const LOOKS_SEXAGESIMAL = /[\s:hmd°'′"″]/i;

/**
 * Reads an angle that programs write either as a number of degrees or as a string: sexagesimal
 * in `unit` ("05 35 17.3" hours, "+22 00 52" degrees) or a decimal string in degrees.
 */
function readAngle(
  read: FieldReader,
  field: HeaderField,
  unit: 'hours' | 'degrees',
  valid: (deg: number) => boolean,
  expected: string,
): number | null {
  for (const raw of read.raw(field)) {
    const value = angleOf(raw, unit);
    if (value !== null && valid(value)) return value;
    read.bad(raw, expected);
  }
  return null;
}

function angleOf(raw: RawValue, unit: 'hours' | 'degrees'): number | null {
  if (typeof raw.value === 'number')
    return Number.isFinite(raw.value) ? raw.value * raw.scale : null;
  if (typeof raw.value !== 'string') return null;
  const text = raw.value.trim();
  if (LOOKS_SEXAGESIMAL.test(text)) return parseSexagesimal(text, unit);
  return toNumber(text);
}

const LATITUDE = (d: number) => d >= -90 && d <= 90;
const LONGITUDE = (d: number) => d >= -360 && d <= 360;
const RA = (d: number) => d >= 0 && d <= 360;

/** SITELAT/SITELONG (degrees or sexagesimal strings, both occur) and SITEELEV. */
export function readSite(r: FrameRecord, read: FieldReader): void {
  const s = r.sources;
  const lat = readAngle(read, 'siteLat', 'degrees', LATITUDE, 'a latitude');
  if (lat !== null) {
    r.siteLatDeg = lat;
    s.siteLatDeg = 'header';
  }
  const lon = readAngle(read, 'siteLon', 'degrees', LONGITUDE, 'a longitude');
  if (lon !== null) {
    // East-positive in every program we checked; 0–360 forms are folded to ±180.
    r.siteLonDeg = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    s.siteLonDeg = 'header';
  }
  const elevation = read.number('siteElevM', (m) => m > -500 && m < 10_000, 'an elevation in m');
  if (elevation !== null) {
    r.siteElevM = elevation;
    s.siteElevM = 'header';
  }
}

/**
 * RA/DEC in degrees are preferred (NINA: the mount's pointing); OBJCTRA/OBJCTDEC sexagesimal
 * strings (the target's coordinates) are the fallback. MaxIm writes RA/DEC as strings in hours
 * and degrees, which {@link readAngle} reads too.
 */
export function readCoordinates(r: FrameRecord, read: FieldReader): void {
  const s = r.sources;
  const ra =
    readAngle(read, 'raDeg', 'hours', RA, 'a right ascension') ?? hoursAngle(read, 'raHms');
  if (ra !== null) {
    r.raDeg = ra % 360;
    s.raDeg = 'header';
  }
  const dec =
    readAngle(read, 'decDeg', 'degrees', LATITUDE, 'a declination') ??
    readAngle(read, 'decDms', 'degrees', LATITUDE, 'a declination');
  if (dec !== null) {
    r.decDeg = dec;
    s.decDeg = 'header';
  }
}

// OBJCTRA is always hours, even when written as a bare number.
function hoursAngle(read: FieldReader, field: HeaderField): number | null {
  for (const raw of read.raw(field)) {
    const value = typeof raw.value === 'string' ? parseSexagesimal(raw.value, 'hours') : null;
    if (value !== null) return value;
    read.bad(raw, 'a right ascension in hours');
  }
  return null;
}

const NON_NEGATIVE = (n: number) => n >= 0;
const STAR_COUNT = (n: number) => Number.isInteger(n) && n >= 0;

/** HFR, star count and guiding RMS: the path (NINA file names) first, then a stamped header. */
export function readQuality(r: FrameRecord, read: FieldReader, path: PathTokens): void {
  const s = r.sources;
  if (path.hfrPx !== undefined) {
    r.hfrPx = path.hfrPx;
    s.hfrPx = 'path';
  } else if ((r.hfrPx = read.number('hfrPx', NON_NEGATIVE, 'an HFR')) !== null) {
    s.hfrPx = 'header';
  }
  if (path.starCount !== undefined) {
    r.starCount = path.starCount;
    s.starCount = 'path';
  } else if ((r.starCount = read.number('starCount', STAR_COUNT, 'a star count')) !== null) {
    s.starCount = 'header';
  }
  if (path.rmsArcsec !== undefined) {
    r.rmsArcsec = path.rmsArcsec;
    s.rmsArcsec = 'path';
  } else if ((r.rmsArcsec = read.number('rmsArcsec', NON_NEGATIVE, 'an RMS in arcsec')) !== null) {
    s.rmsArcsec = 'header';
  }
}
