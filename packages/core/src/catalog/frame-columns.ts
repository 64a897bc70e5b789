import type { CaptureProfile, FrameRecord, FrameType } from '../metadata/frame-record.js';
import type { SqlValue } from './driver.js';

/**
 * FrameRecord fields stored as typed columns of `frames`, camelCase key to column name. Append new
 * keys at the end: stored `sources` refer to columns by position.
 */
export const FRAME_COLUMNS = {
  path: 'path',
  format: 'format',
  frameType: 'frame_type',
  target: 'target',
  panel: 'panel',
  filter: 'filter_name',
  exposureSec: 'exposure_sec',
  gain: 'gain',
  offset: 'sensor_offset',
  setTempC: 'set_temp_c',
  sensorTempC: 'sensor_temp_c',
  binning: 'binning',
  readoutMode: 'readout_mode',
  camera: 'camera',
  optic: 'optic',
  rig: 'rig',
  focalLengthMm: 'focal_length_mm',
  focalRatio: 'focal_ratio',
  pixelSizeUm: 'pixel_size_um',
  widthPx: 'width_px',
  heightPx: 'height_px',
  bayerPattern: 'bayer_pattern',
  dateObsUtc: 'date_obs_utc',
  night: 'night',
  siteLatDeg: 'site_lat_deg',
  siteLonDeg: 'site_lon_deg',
  siteElevM: 'site_elev_m',
  raDeg: 'ra_deg',
  decDeg: 'dec_deg',
  hfrPx: 'hfr_px',
  starCount: 'star_count',
  rmsArcsec: 'rms_arcsec',
  airmass: 'airmass',
  focuserPosition: 'focuser_position',
  focuserTempC: 'focuser_temp_c',
  pierSide: 'pier_side',
  framesCombined: 'frames_combined',
  captureSoftware: 'capture_software',
  profile: 'profile',
} as const satisfies Partial<Record<keyof FrameRecord, string>>;

export type ColumnKey = keyof typeof FRAME_COLUMNS;

const COLUMN_KEYS = Object.keys(FRAME_COLUMNS) as ColumnKey[];

/** Column names for INSERT, in the order of {@link recordParams}. */
export const RECORD_COLUMN_NAMES: readonly string[] = [
  ...COLUMN_KEYS.map((k) => FRAME_COLUMNS[k]),
  'sources',
];

/** The column behind a camelCase FrameRecord key, or undefined for anything else (never user text in SQL). */
export function columnFor(key: string): string | undefined {
  return Object.hasOwn(FRAME_COLUMNS, key) ? FRAME_COLUMNS[key as ColumnKey] : undefined;
}

/** A record's typed column values (plus `sources`), in {@link RECORD_COLUMN_NAMES} order. */
export function recordParams(record: FrameRecord): SqlValue[] {
  const params: SqlValue[] = COLUMN_KEYS.map((key) => {
    const value = record[key];
    return value === undefined ? null : (value as SqlValue);
  });
  params.push(encodeSources(record.sources ?? {}));
  return params;
}

type Sources = FrameRecord['sources'];
type Source = NonNullable<Sources[keyof Sources]>;
const SOURCE_CODES: Record<Source, string> = { header: 'h', path: 'p', derived: 'd' };
const SOURCE_OF_CODE: Record<string, Source> = { h: 'header', p: 'path', d: 'derived' };

/**
 * Sources stored as one letter per column in {@link FRAME_COLUMNS} order ('-' for none): 40
 * bytes a frame instead of ~600 of JSON. Sources for keys that are not columns fall back to JSON.
 */
export function encodeSources(sources: Sources): string {
  let text = '';
  let found = 0;
  for (const key of COLUMN_KEYS) {
    const source = sources[key];
    if (source) found++;
    text += source ? SOURCE_CODES[source] : '-';
  }
  return found === Object.keys(sources).length ? text : JSON.stringify(sources);
}

/** Reads what {@link encodeSources} wrote (or the JSON object older catalogs hold). */
export function decodeSources(text: string): Sources {
  if (text.startsWith('{')) return JSON.parse(text) as Sources;
  const sources: Sources = {};
  for (let i = 0; i < COLUMN_KEYS.length && i < text.length; i++) {
    const source = SOURCE_OF_CODE[text[i]!];
    if (source) sources[COLUMN_KEYS[i]!] = source;
  }
  return sources;
}

/** The FrameRecord part of a `frames` row; `rawHeader` is filled by the caller. */
export function recordFromRow(row: Record<string, unknown>): Omit<FrameRecord, 'rawHeader'> {
  const out: Record<string, unknown> = {};
  for (const key of COLUMN_KEYS) out[key] = row[FRAME_COLUMNS[key]] ?? null;
  const record = out as Omit<FrameRecord, 'rawHeader' | 'sources'>;
  return {
    ...record,
    frameType: record.frameType as FrameType,
    profile: record.profile as CaptureProfile,
    sources: decodeSources(String(row.sources ?? '{}')),
  };
}
