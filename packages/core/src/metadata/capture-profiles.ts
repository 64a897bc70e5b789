import type { CaptureProfile, HeaderCard } from './frame-record.js';
import { HeaderLookup } from './header-lookup.js';

/** The header fields the normalizer reads; each maps to an ordered list of keywords. */
export type HeaderField =
  | 'imageType'
  | 'exposureSec'
  | 'dateObs'
  | 'dateLoc'
  | 'timeObs'
  | 'object'
  | 'filter'
  | 'gain'
  | 'offset'
  | 'setTempC'
  | 'sensorTempC'
  | 'binX'
  | 'binY'
  | 'binning'
  | 'readoutMode'
  | 'camera'
  | 'optic'
  | 'focalLengthMm'
  | 'focalRatio'
  | 'apertureMm'
  | 'pixelSizeUm'
  | 'bayerPattern'
  | 'widthPx'
  | 'heightPx'
  | 'raDeg'
  | 'decDeg'
  | 'raHms'
  | 'decDms'
  | 'siteLat'
  | 'siteLon'
  | 'siteElevM'
  | 'focuserPosition'
  | 'focuserTempC'
  | 'airmass'
  | 'pierSide'
  | 'framesCombined'
  | 'hfrPx'
  | 'starCount'
  | 'rmsArcsec'
  | 'software';

/**
 * Keywords every profile understands, first match wins. Deliberately absent: EGAIN (electrons
 * per ADU, not the camera's gain setting) and PEDESTAL (MaxIm's ADU correction, not the offset).
 */
const GENERIC: Record<HeaderField, readonly string[]> = {
  imageType: ['IMAGETYP', 'FRAMETYP', 'FRAME'],
  exposureSec: ['EXPTIME', 'EXPOSURE', 'EXP'],
  // NINA's documentation lists DATE-UTC, its writer uses DATE-OBS; both are read.
  dateObs: ['DATE-OBS', 'DATE-UTC'],
  dateLoc: ['DATE-LOC'],
  timeObs: ['TIME-OBS', 'UT', 'UTSTART'],
  object: ['OBJECT'],
  filter: ['FILTER', 'FILTERS'],
  gain: ['GAIN'],
  offset: ['OFFSET', 'BLKLEVEL'],
  setTempC: ['SET-TEMP', 'SET_TEMP', 'SETTEMP'],
  sensorTempC: ['CCD-TEMP', 'CCD_TEMP', 'TEMPERAT'],
  binX: ['XBINNING', 'CCDXBIN'],
  binY: ['YBINNING', 'CCDYBIN'],
  // DWARF writes BINNING = '2*2'.
  binning: ['BINNING'],
  readoutMode: ['READOUTM'],
  camera: ['INSTRUME'],
  optic: ['TELESCOP'],
  focalLengthMm: ['FOCALLEN'],
  focalRatio: ['FOCRATIO'],
  apertureMm: ['APTDIA'],
  pixelSizeUm: ['XPIXSZ', 'PIXSIZE1'],
  bayerPattern: ['BAYERPAT'],
  widthPx: ['NAXIS1'],
  heightPx: ['NAXIS2'],
  // RA/DEC are degrees in NINA/SGP/SharpCap but sexagesimal strings in MaxIm: the reader decides.
  raDeg: ['RA'],
  decDeg: ['DEC'],
  raHms: ['OBJCTRA'],
  decDms: ['OBJCTDEC'],
  siteLat: ['SITELAT', 'LAT-OBS'],
  siteLon: ['SITELONG', 'LONG-OBS'],
  siteElevM: ['SITEELEV', 'ALT-OBS'],
  focuserPosition: ['FOCPOS', 'FOCUSPOS'],
  focuserTempC: ['FOCTEMP', 'FOCUSTEM'],
  airmass: ['AIRMASS'],
  pierSide: ['PIERSIDE'],
  framesCombined: ['NCOMBINE'],
  // No capture program writes these; they are what a header stamped from the catalog carries.
  hfrPx: ['HFR'],
  starCount: ['STARCOUNT'],
  rmsArcsec: ['RMSARCSEC'],
  software: ['SWCREATE', 'CREATOR', 'PROGRAM'],
};

/** How one capture program is recognised and where its conventions differ from {@link GENERIC}. */
export interface ProfileSpec {
  profile: CaptureProfile;
  /** Matches the software string (SWCREATE, CREATOR, PROGRAM, XISF CreatorApplication). */
  software?: RegExp;
  /** Matches any HISTORY card's text. */
  history?: RegExp;
  /** Matches the frame-type card's value. */
  imageType?: RegExp;
  /** Keyword lists that replace the generic ones. */
  keywords: Partial<Record<HeaderField, readonly string[]>>;
  /** Whether XPIXSZ is already multiplied by the binning. */
  pixelSizeIncludesBinning: boolean;
}

/**
 * Checked in order; the first match wins. PixInsight comes first because an integrated master
 * keeps the SWCREATE of the capture program that wrote its first input frame.
 */
export const PROFILE_SPECS: readonly ProfileSpec[] = [
  {
    profile: 'PixInsight',
    // PROGRAM / XISF CreatorApplication "PixInsight 1.8.9-3"; WBPP masters: IMAGETYP 'Master Dark'
    // and HISTORY "ImageIntegration.numberOfImages: 20" (in the card's comment field).
    software: /PixInsight/i,
    history: /\b(?:Image|Fast)Integration\./,
    imageType: /^\s*master/i,
    keywords: {},
    pixelSizeIncludesBinning: true,
  },
  {
    profile: 'NINA',
    // SWCREATE 'N.I.N.A. 3.1.2.9001 (x64)'. XPIXSZ is binned since about 1.10; earlier versions
    // wrote the unbinned size (boundary not confirmed; those files are rare now).
    software: /^N\.I\.N\.A\./,
    keywords: { exposureSec: ['EXPOSURE', 'EXPTIME'] },
    pixelSizeIncludesBinning: true,
  },
  {
    profile: 'SGP',
    // CREATOR 'Sequence Generator Pro v3.1.0.479' (not SWCREATE). Its documentation lists
    // TEMPERAT for the sensor; recent versions also write CCD-TEMP and SET-TEMP.
    software: /Sequence Generator/i,
    keywords: { exposureSec: ['EXPOSURE', 'EXPTIME'], sensorTempC: ['CCD-TEMP', 'TEMPERAT'] },
    // Not confirmed for SGP; every other program we checked writes the binned size.
    pixelSizeIncludesBinning: true,
  },
  {
    profile: 'APT',
    // SWCREATE 'Astro Photography Tool - APT v.3.54.1'; XPIXSZ comment "(after binning)";
    // IMAGETYP 'Light Frame'; SITELAT/SITELONG as '+51 03 00.000'.
    software: /Astro Photography Tool|\bAPT v\./i,
    keywords: { exposureSec: ['EXPTIME', 'EXPOSURE'] },
    pixelSizeIncludesBinning: true,
  },
  {
    profile: 'SharpCap',
    // SWCREATE 'SharpCap v4.1.12946.0, 64 bit'; no IMAGETYP; XPIXSZ "includes binning if any";
    // OFFSET and BLKLEVEL both; RA/DEC in JNow; DATE-OBS with 7 fractional digits.
    software: /SharpCap/i,
    keywords: { offset: ['OFFSET', 'BLKLEVEL'] },
    pixelSizeIncludesBinning: true,
  },
  {
    profile: 'ASIAIR',
    // CREATOR 'ZWO ASIAIR Plus', IMAGETYP 'Light'. STACKCNT on its live-stacked masters is
    // seen in third-party fixtures only (not confirmed from ZWO), as is the binned XPIXSZ.
    software: /ASIAIR/i,
    keywords: { framesCombined: ['NCOMBINE', 'STACKCNT'] },
    pixelSizeIncludesBinning: true,
  },
];

const GENERIC_SPEC: ProfileSpec = {
  profile: 'generic',
  keywords: {},
  pixelSizeIncludesBinning: true,
};

const TABLES = new Map<CaptureProfile, Record<HeaderField, readonly string[]>>(
  [...PROFILE_SPECS, GENERIC_SPEC].map((spec) => [spec.profile, { ...GENERIC, ...spec.keywords }]),
);

/** A profile's keyword table resolved to {@link HeaderLookup} slots, in the same order. */
export interface SlotTable {
  keywords: Record<HeaderField, readonly string[]>;
  slots: Record<HeaderField, readonly number[]>;
}

const SLOT_TABLES = new Map<CaptureProfile, SlotTable>(
  [...TABLES].map(([profile, keywords]) => {
    const slots = {} as Record<HeaderField, readonly number[]>;
    for (const field of Object.keys(keywords) as HeaderField[]) {
      slots[field] = keywords[field].map((keyword) => HeaderLookup.slotOf(keyword));
    }
    return [profile, { keywords, slots }];
  }),
);

/** The keyword table for a profile: generic keywords with the profile's replacements. */
export function keywordTable(profile: CaptureProfile): SlotTable {
  return SLOT_TABLES.get(profile) ?? SLOT_TABLES.get('generic')!;
}

export function profileSpec(profile: CaptureProfile): ProfileSpec {
  return PROFILE_SPECS.find((spec) => spec.profile === profile) ?? GENERIC_SPEC;
}

/**
 * Which capture program wrote a header, from its software keywords (SWCREATE, CREATOR,
 * PROGRAM), HISTORY and frame type; 'generic' when nothing matches.
 *
 * @example
 * ```ts
 * detectCaptureProfile([{ keyword: 'SWCREATE', value: 'N.I.N.A. 3.1.2.9001' }]); // 'NINA'
 * ```
 */
export function detectCaptureProfile(cards: HeaderCard[]): CaptureProfile {
  return detectProfile(new HeaderLookup(cards), null);
}

/** {@link detectCaptureProfile} over a built lookup, plus an XISF CreatorApplication. */
export function detectProfile(
  lookup: HeaderLookup,
  creatorApplication: string | null,
): CaptureProfile {
  const software: string[] = [];
  for (const keyword of GENERIC.software) {
    const text = lookup.text(keyword);
    if (text !== null) software.push(text);
  }
  if (creatorApplication !== null) software.push(creatorApplication);
  let imageType: string | null = null;
  for (const keyword of GENERIC.imageType) {
    imageType = lookup.text(keyword);
    if (imageType !== null) break;
  }
  for (const spec of PROFILE_SPECS) {
    if (spec.software !== undefined && software.some((s) => spec.software!.test(s)))
      return spec.profile;
    if (spec.imageType !== undefined && imageType !== null && spec.imageType.test(imageType))
      return spec.profile;
    if (
      spec.history !== undefined &&
      lookup.history.some((h) => spec.history!.test(lookup.historyText(h)))
    ) {
      return spec.profile;
    }
  }
  return 'generic';
}
