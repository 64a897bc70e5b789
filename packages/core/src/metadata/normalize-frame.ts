import type { Diagnostic, WithDiagnostics } from '../errors/index.js';
import { detectProfile, keywordTable, profileSpec } from './capture-profiles.js';
import { FieldReader, MetadataDiagnostic, type PropertyValue } from './field-reader.js';
import type { FrameRecord, FrameType, HeaderCard } from './frame-record.js';
import { parseFrameType } from './frame-type.js';
import { HeaderLookup } from './header-lookup.js';
import { parseHeaderDateTime, parseTimeOfDayMs } from './header-date.js';
import { nightFromLocalMs, nightFromUtcMs, zoneOffsetMinutes } from './observing-night.js';
import { parsePathTokens, type PathTokens } from './path-tokens.js';
import { pathText, readMount, readOptics, readSettings, readTarget } from './read-acquisition.js';
import { readCoordinates, readQuality, readSite } from './read-position.js';
import { rigName } from './rig-name.js';

export interface NormalizeInput {
  path: string;
  format: 'fits' | 'xisf';
  cards: HeaderCard[];
  /** image size from the reader when the header is not the source (XISF geometry) */
  widthPx?: number;
  heightPx?: number;
  /** XISF Image imageType attribute / XISF properties, when present */
  imageType?: string;
  properties?: Record<string, PropertyValue>;
}

export interface NormalizeOptions {
  /**
   * IANA zone used for the observing night when the header has no DATE-LOC. Without it a night
   * in the path (DATE_2024-10-05, NINA's date folder) is used, else DATE-OBS in UTC.
   */
  timeZone?: string;
  /** rig name overrides etc. can come later */
}

const CREATOR_APPLICATION = ['XISF:CreatorApplication', 'CreatorApplication'];

/**
 * Turns any capture program's header cards plus the file path into one {@link FrameRecord}.
 * The header wins over the path for every field both carry, except HFR, star count and guiding
 * RMS, which NINA only puts in file names. Unreadable values become `null` with a
 * METADATA_BAD_VALUE diagnostic; nothing here throws for bad data.
 *
 * The observing night comes from DATE-LOC (the capture computer's wall clock) when present,
 * else from DATE-OBS in `options.timeZone`, else from a night in the path, else from DATE-OBS
 * in UTC. A solar offset from SITELONG is never used: it is wrong by an hour under DST.
 *
 * @throws AstroError INVALID_ARGUMENT when `options.timeZone` is not a known IANA zone.
 *
 * @example
 * ```ts
 * const { value, diagnostics } = normalizeFrame({ path, format: 'fits', cards });
 * value.exposureSec; // 300
 * value.sources.hfrPx; // 'path'
 * ```
 */
export function normalizeFrame(
  input: NormalizeInput,
  options: NormalizeOptions = {},
): WithDiagnostics<FrameRecord> {
  // A wrong zone is the caller's mistake, reported even when this frame would not need it.
  if (options.timeZone !== undefined) zoneOffsetMinutes(0, options.timeZone);
  const diagnostics: Diagnostic[] = [];
  const lookup = new HeaderLookup(input.cards);
  const creatorApplication = propertyText(input.properties, CREATOR_APPLICATION);
  const profile = detectProfile(lookup, creatorApplication);
  const spec = profileSpec(profile);
  const read = new FieldReader(lookup, keywordTable(profile), input.properties, diagnostics);
  const path = parsePathTokens(input.path);
  const r = emptyFrameRecord(input, profile);

  readFrameType(r, read, input, path, diagnostics);
  readTarget(r, read, path);
  readSettings(r, read, path);
  readOptics(r, read, path, spec.pixelSizeIncludesBinning, input);
  readTimes(r, read, path, options);
  readSite(r, read);
  readCoordinates(r, read);
  readQuality(r, read, path);
  readMount(r, read, lookup, creatorApplication);
  const rig = rigName(r);
  const rigFromPath = pathText(path, 'rig');
  if (rig !== null) {
    r.rig = rig;
    r.sources.rig = 'derived';
  } else if (rigFromPath !== null) {
    r.rig = rigFromPath;
    r.sources.rig = 'path';
  }
  return { value: r, diagnostics };
}

function readFrameType(
  r: FrameRecord,
  read: FieldReader,
  input: NormalizeInput,
  path: PathTokens,
  diagnostics: Diagnostic[],
) {
  const text = read.text('imageType') ?? input.imageType?.trim() ?? null;
  let type: FrameType | null = text === null ? null : parseFrameType(text);
  if (text !== null && (type === null || type === 'UNKNOWN')) {
    diagnostics.push({
      severity: 'info',
      code: MetadataDiagnostic.UNKNOWN_FRAME_TYPE,
      message: `Frame type '${text}' is ${type === null ? 'not recognised' : 'not a calibration or light sub-frame'}`,
    });
    type = null;
  }
  // NINA 3 writes flat-darks as plain DARKs; only a path that says DARKFLAT refines that.
  if (type === 'DARK' && path.frameType === 'DARKFLAT') {
    r.frameType = 'DARKFLAT';
    r.sources.frameType = 'path';
  } else if (type !== null) {
    r.frameType = type;
    r.sources.frameType = 'header';
  } else if (path.frameType !== undefined) {
    r.frameType = path.frameType;
    r.sources.frameType = 'path';
  }
}

function readTimes(r: FrameRecord, read: FieldReader, path: PathTokens, options: NormalizeOptions) {
  let utcMs: number | null = null;
  for (const raw of read.raw('dateObs')) {
    const parsed = typeof raw.value === 'string' ? parseHeaderDateTime(raw.value) : null;
    if (parsed === null) {
      read.bad(raw, 'a date-time');
      continue;
    }
    utcMs = parsed.ms;
    if (!parsed.hasTime) {
      // Old writers put the date in DATE-OBS and the time in TIME-OBS or UT.
      const time = read.text('timeObs');
      const timeMs = time === null ? null : parseTimeOfDayMs(time);
      if (timeMs === null) utcMs = null;
      else utcMs += timeMs;
    }
    break;
  }
  if (utcMs !== null) {
    r.dateObsUtc = new Date(utcMs).toISOString();
    r.sources.dateObsUtc = 'header';
  }
  const night = observingNightOf(read, path, utcMs, options.timeZone);
  if (night !== null) {
    r.night = night.night;
    r.sources.night = night.source;
  }
}

/** DATE-LOC, then DATE-OBS in the configured zone, then the path, then DATE-OBS in UTC. */
function observingNightOf(
  read: FieldReader,
  path: PathTokens,
  utcMs: number | null,
  timeZone: string | undefined,
): { night: string; source: 'derived' | 'path' } | null {
  for (const raw of read.raw('dateLoc')) {
    const local = typeof raw.value === 'string' ? parseHeaderDateTime(raw.value) : null;
    if (local !== null && local.hasTime) {
      return { night: nightFromLocalMs(local.ms), source: 'derived' };
    }
    read.bad(raw, 'a local date-time');
  }
  if (utcMs !== null && timeZone !== undefined) {
    return { night: nightFromUtcMs(utcMs, zoneOffsetMinutes(utcMs, timeZone)), source: 'derived' };
  }
  if (path.night !== undefined) return { night: path.night, source: 'path' };
  return utcMs === null ? null : { night: nightFromUtcMs(utcMs, 0), source: 'derived' };
}

function propertyText(
  properties: Record<string, PropertyValue> | undefined,
  ids: readonly string[],
): string | null {
  if (properties === undefined) return null;
  for (const id of ids) {
    const value = properties[id];
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  }
  return null;
}

/** A record with every field null, for `path`: the start of normalization (and of test frames). */
export function emptyFrameRecord(
  input: Pick<NormalizeInput, 'path' | 'format'> & { cards?: NormalizeInput['cards'] },
  profile: FrameRecord['profile'],
): FrameRecord {
  return {
    path: input.path,
    format: input.format,
    frameType: 'UNKNOWN',
    target: null,
    panel: null,
    filter: null,
    exposureSec: null,
    gain: null,
    offset: null,
    setTempC: null,
    sensorTempC: null,
    binning: null,
    readoutMode: null,
    camera: null,
    optic: null,
    rig: null,
    focalLengthMm: null,
    focalRatio: null,
    pixelSizeUm: null,
    widthPx: null,
    heightPx: null,
    bayerPattern: null,
    dateObsUtc: null,
    night: null,
    siteLatDeg: null,
    siteLonDeg: null,
    siteElevM: null,
    raDeg: null,
    decDeg: null,
    hfrPx: null,
    starCount: null,
    rmsArcsec: null,
    airmass: null,
    focuserPosition: null,
    focuserTempC: null,
    pierSide: null,
    framesCombined: null,
    captureSoftware: null,
    profile,
    sources: {},
    rawHeader: input.cards ?? [],
  };
}
