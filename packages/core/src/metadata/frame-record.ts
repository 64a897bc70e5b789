/**
 * The normalized description of one frame, whatever program wrote it. Every measured quantity
 * carries its unit in its name; a field is `null` when neither the header nor the path says it.
 */
export type FrameType =
  | 'LIGHT'
  | 'DARK'
  | 'FLAT'
  | 'BIAS'
  | 'DARKFLAT'
  | 'MASTER DARK'
  | 'MASTER FLAT'
  | 'MASTER BIAS'
  | 'MASTER DARKFLAT'
  | 'UNKNOWN';

export const FRAME_TYPES: readonly FrameType[] = [
  'LIGHT',
  'DARK',
  'FLAT',
  'BIAS',
  'DARKFLAT',
  'MASTER DARK',
  'MASTER FLAT',
  'MASTER BIAS',
  'MASTER DARKFLAT',
  'UNKNOWN',
];

/** Which capture program's conventions were applied. */
export type CaptureProfile =
  'NINA' | 'SGP' | 'APT' | 'SharpCap' | 'ASIAIR' | 'PixInsight' | 'generic';

/** A header card as the metadata layer sees it, from FITS or XISF alike. */
export interface HeaderCard {
  keyword: string;
  value: string | number | boolean | null;
  comment?: string;
}

export interface FrameRecord {
  /** Absolute path at the time the record was made. */
  path: string;
  format: 'fits' | 'xisf';
  frameType: FrameType;
  /** Target name as written by the capture program, without the mosaic panel suffix. */
  target: string | null;
  /** Mosaic panel ("A", "1", ...) from names like "M33 Panel A". */
  panel: string | null;
  filter: string | null;
  exposureSec: number | null;
  gain: number | null;
  offset: number | null;
  setTempC: number | null;
  sensorTempC: number | null;
  /** "1x1", "2x2", ... */
  binning: string | null;
  readoutMode: string | null;
  camera: string | null;
  /** Telescope/lens name. */
  optic: string | null;
  /** `<optic>@f<ratio>+<camera>` when optic and camera are known, else what the path says. */
  rig: string | null;
  focalLengthMm: number | null;
  focalRatio: number | null;
  pixelSizeUm: number | null;
  widthPx: number | null;
  heightPx: number | null;
  bayerPattern: string | null;
  /** ISO 8601 UTC, e.g. 2024-10-05T21:14:03.123Z. */
  dateObsUtc: string | null;
  /** Observing night, YYYY-MM-DD: local date of the frame minus 12 hours. */
  night: string | null;
  siteLatDeg: number | null;
  siteLonDeg: number | null;
  siteElevM: number | null;
  raDeg: number | null;
  decDeg: number | null;
  /** Half-flux radius in pixels (NINA: file name token only). */
  hfrPx: number | null;
  starCount: number | null;
  /** Total guiding RMS in arcseconds (NINA: file name token only). */
  rmsArcsec: number | null;
  airmass: number | null;
  focuserPosition: number | null;
  focuserTempC: number | null;
  pierSide: string | null;
  /** Frames combined into a master (NCOMBINE). */
  framesCombined: number | null;
  captureSoftware: string | null;
  profile: CaptureProfile;
  /** Which source set each field: 'header', 'path' or 'derived'. */
  sources: Partial<Record<keyof FrameRecord, 'header' | 'path' | 'derived'>>;
  /** Every card of the image header, in order. */
  rawHeader: HeaderCard[];
}
