import type { FrameType } from './frame-record.js';
import { parsePathFrameType } from './frame-type.js';
import { formatUtcDate, parseHeaderDateTime } from './header-date.js';
import { nightFromLocalMs } from './observing-night.js';

/**
 * What a file's path says about it. Typed fields are the ones {@link normalizeFrame} uses; extra
 * keys (`rig`, `optic`, `focalRatio`, `camera`, `target`, `binning`, `dateTimeLocal`,
 * `frameNumber`, `fwhm`, `eccentricity`, `rms`) are kept for callers that want them.
 */
export interface PathTokens {
  hfrPx?: number;
  starCount?: number;
  rmsArcsec?: number;
  setTempC?: number;
  sensorTempC?: number;
  exposureSec?: number;
  filter?: string;
  gain?: number;
  offset?: number;
  night?: string;
  panel?: string;
  frameType?: FrameType;
  [key: string]: unknown;
}

type TokenKind = 'number' | 'integer' | 'string' | 'date' | 'binning';

interface TokenSpec {
  field: string;
  kind: TokenKind;
  /** A unit NINA patterns may append to the value ("EXP_300s"). */
  suffix?: string;
}

/**
 * Upper-case keys only, as NINA patterns and the reference layout write them: a target folder
 * such as "Sh2_101", "NGC_7000" or "m31_exp_test" never yields a token.
 */
const TOKEN_KEYS = new Map<string, TokenSpec>([
  ['HFR', { field: 'hfrPx', kind: 'number' }],
  ['STARS', { field: 'starCount', kind: 'integer' }],
  ['STARCOUNT', { field: 'starCount', kind: 'integer' }],
  ['RMSAC', { field: 'rmsArcsec', kind: 'number' }],
  ['RMSARCSEC', { field: 'rmsArcsec', kind: 'number' }],
  // NINA's $$RMS$$ is the total RMS in guide-camera pixels (unit not confirmed): kept untyped.
  ['RMS', { field: 'rms', kind: 'number' }],
  ['FWHM', { field: 'fwhm', kind: 'number' }],
  ['ECC', { field: 'eccentricity', kind: 'number' }],
  ['ECCENTRICITY', { field: 'eccentricity', kind: 'number' }],
  ['TEMP', { field: 'sensorTempC', kind: 'number', suffix: 'C' }],
  ['SENSORTEMP', { field: 'sensorTempC', kind: 'number', suffix: 'C' }],
  ['CCD-TEMP', { field: 'sensorTempC', kind: 'number', suffix: 'C' }],
  ['SET-TEMP', { field: 'setTempC', kind: 'number', suffix: 'C' }],
  ['SETTEMP', { field: 'setTempC', kind: 'number', suffix: 'C' }],
  ['SETPOINT', { field: 'setTempC', kind: 'number', suffix: 'C' }],
  ['EXP', { field: 'exposureSec', kind: 'number', suffix: 's' }],
  ['EXPOSURE', { field: 'exposureSec', kind: 'number', suffix: 's' }],
  ['EXPTIME', { field: 'exposureSec', kind: 'number', suffix: 's' }],
  ['FILTER', { field: 'filter', kind: 'string' }],
  ['GAIN', { field: 'gain', kind: 'number' }],
  ['OFFSET', { field: 'offset', kind: 'number' }],
  ['DATE', { field: 'night', kind: 'date' }],
  ['NIGHT', { field: 'night', kind: 'date' }],
  ['PANEL', { field: 'panel', kind: 'string' }],
  ['BIN', { field: 'binning', kind: 'binning' }],
  ['BINNING', { field: 'binning', kind: 'binning' }],
]);

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const RIG_FOLDER = /^(.+)@f(\d+(?:\.\d+)?)\+(.+)$/;
const STAGE_FOLDER = /^\d{2}_[A-Za-z]+$/;
const DATETIME_PREFIX = /^(\d{4}-\d{2}-\d{2})_(\d{2})-(\d{2})-(\d{2})(?:_|$)/;
// NINA's default file name: $$DATETIME$$_$$FILTER$$_$$SENSORTEMP$$_$$EXPOSURETIME$$s_$$FRAMENR$$
// (the "s" only since late 2023; filter and temperature may be empty without a wheel or cooler).
const NINA_DEFAULT_NAME =
  /^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_(.*)_(-?\d+(?:\.\d+)?|NaN)?_(\d+(?:\.\d+)?)s?_(\d{4,})$/;
const IMAGE_EXTENSION = /\.(?:fits?|fts|xisf)(?:\.(?:fz|gz))?$|\.fz$/i;

/**
 * Reads `KEY_VALUE` tokens from every folder and the file name (NINA patterns and the reference
 * layout: `DATE_2024-10-05`, `FILTER_Ha_EXP_300.00`, `..._HFR_2.31_STARS_512_RMSAC_0.62_TEMP_-10.00`),
 * frame-type folders (`LIGHT`, `DARK`, `FLAT`, `BIAS`, `DARKFLAT`), the NINA default file name,
 * a `<optic>@f<ratio>+<camera>` rig folder and the target folder after a stage folder
 * (`10_Blink/M31`). A deeper segment wins over a shallower one.
 *
 * @example
 * ```ts
 * parsePathTokens('/rig/10_Blink/M31/DATE_2024-10-05/FILTER_Ha_EXP_300.00/x_HFR_2.31.fits');
 * // { target: 'M31', night: '2024-10-05', filter: 'Ha', exposureSec: 300, hfrPx: 2.31, ... }
 * ```
 */
export function parsePathTokens(path: string): PathTokens {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const fromName: PathTokens = {};
  const name = path.slice(cut + 1);
  if (name.length > 0) readFileName(name.replace(IMAGE_EXTENSION, ''), fromName);
  const tokens: PathTokens = Object.assign(
    {},
    folderTokens(cut < 0 ? '' : path.slice(0, cut)),
    fromName,
  );
  if (tokens.night === undefined && typeof tokens['dateTimeLocal'] === 'string') {
    const local = parseHeaderDateTime(tokens['dateTimeLocal']);
    if (local !== null) tokens.night = nightFromLocalMs(local.ms);
  }
  return tokens;
}

// Files arrive a folder at a time, so folder tokens are cached per directory.
const folderCache = new Map<string, Readonly<PathTokens>>();

function folderTokens(directory: string): Readonly<PathTokens> {
  const cached = folderCache.get(directory);
  if (cached !== undefined) return cached;
  const tokens: PathTokens = {};
  let afterStage = false;
  for (const segment of directory.split(/[\\/]+/)) {
    if (segment.length > 0) afterStage = readFolder(segment, tokens, afterStage);
  }
  if (folderCache.size >= 1024) folderCache.clear();
  folderCache.set(directory, tokens);
  return tokens;
}

/** Returns whether the next folder is the target folder. */
function readFolder(segment: string, tokens: PathTokens, afterStage: boolean): boolean {
  const frameType = parsePathFrameType(segment);
  if (frameType !== null) {
    tokens.frameType = frameType;
    return false;
  }
  if (BARE_DATE.test(segment)) {
    // NINA's default pattern starts with $$DATEMINUS12$$, which is the observing night.
    if (isCalendarDate(segment)) tokens.night = segment;
    return false;
  }
  const rig = RIG_FOLDER.exec(segment);
  if (rig !== null) {
    tokens['rig'] = segment;
    tokens['optic'] = rig[1];
    tokens['focalRatio'] = Number(rig[2]);
    tokens['camera'] = rig[3];
    return false;
  }
  if (STAGE_FOLDER.test(segment)) return true;
  if (readKeyValues(segment, tokens) === 0 && afterStage && segment !== 'accept') {
    tokens['target'] = segment.trim();
  }
  return false;
}

function readFileName(name: string, tokens: PathTokens): void {
  const dateTime = DATETIME_PREFIX.exec(name);
  if (dateTime !== null)
    tokens['dateTimeLocal'] = `${dateTime[1]}T${dateTime[2]}:${dateTime[3]}:${dateTime[4]}`;
  if (readKeyValues(name, tokens) > 0) return;
  const nina = NINA_DEFAULT_NAME.exec(name);
  if (nina === null) return;
  const [, filter, temp, exposure, frameNumber] = nina;
  if (filter !== undefined && filter.length > 0) tokens.filter = filter;
  if (temp !== undefined && temp !== 'NaN') tokens.sensorTempC = Number(temp);
  tokens.exposureSec = Number(exposure);
  tokens['frameNumber'] = Number(frameNumber);
}

/** Reads KEY_VALUE pairs from one segment; returns how many were read. */
function readKeyValues(segment: string, tokens: PathTokens): number {
  const parts = segment.split('_');
  let count = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    const spec = TOKEN_KEYS.get(parts[i]!);
    if (spec === undefined) continue;
    if (spec.kind === 'string') {
      // A filter name may itself contain underscores ("Ha_3nm"): take parts up to the next key.
      let end = i + 1;
      if (spec.field === 'filter')
        while (end + 1 < parts.length && !TOKEN_KEYS.has(parts[end + 1]!)) end++;
      const value = parts
        .slice(i + 1, end + 1)
        .join('_')
        .trim();
      if (value.length === 0) continue;
      tokens[spec.field] = value;
      count++;
      i = end;
      continue;
    }
    const value = readValue(parts[i + 1]!, spec);
    if (value === undefined) continue;
    tokens[spec.field] = value;
    count++;
    i++;
  }
  return count;
}

function readValue(text: string, spec: TokenSpec): number | string | undefined {
  switch (spec.kind) {
    case 'date':
      return BARE_DATE.test(text) && isCalendarDate(text) ? text : undefined;
    case 'binning': {
      const m = /^(\d{1,2})(?:x(\d{1,2}))?$/i.exec(text);
      return m === null ? undefined : `${m[1]}x${m[2] ?? m[1]}`;
    }
    default: {
      let body = text;
      if (spec.suffix !== undefined && body.endsWith(spec.suffix))
        body = body.slice(0, -spec.suffix.length);
      if (!NUMBER.test(body)) return undefined;
      const value = Number(body);
      if (spec.kind === 'integer' && !Number.isInteger(value)) return undefined;
      return value;
    }
  }
}

function isCalendarDate(text: string): boolean {
  const parsed = parseHeaderDateTime(text);
  return parsed !== null && formatUtcDate(parsed.ms) === text;
}
