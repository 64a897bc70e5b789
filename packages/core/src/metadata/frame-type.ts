import type { FrameType } from './frame-record.js';

type BaseType = 'LIGHT' | 'DARK' | 'FLAT' | 'BIAS' | 'DARKFLAT';

/**
 * Spellings seen in the wild, after {@link canonicalSpelling} (upper case, separators to one
 * space, a trailing "FRAME(S)" dropped). NINA: LIGHT/DARK/FLAT/BIAS/DARKFLAT (SNAPSHOT becomes
 * LIGHT in its own writer); APT and MaxIm: 'Light Frame', 'Dark Frame', 'Flat Frame', 'Bias
 * Frame'; ASIAIR: 'Light', 'Dark', 'Flat', 'Bias'; IRAF-style 'object'/'zero'.
 */
const BASE_SPELLINGS: Record<BaseType, readonly string[]> = {
  LIGHT: ['LIGHT', 'LIGHTS', 'OBJECT', 'SCIENCE', 'SNAPSHOT'],
  DARK: ['DARK', 'DARKS'],
  FLAT: ['FLAT', 'FLATS', 'FLAT FIELD', 'FLATFIELD'],
  BIAS: ['BIAS', 'BIASES', 'ZERO'],
  DARKFLAT: [
    'DARKFLAT',
    'DARKFLATS',
    'DARK FLAT',
    'DARK FLATS',
    'FLATDARK',
    'FLATDARKS',
    'FLAT DARK',
    'FLAT DARKS',
  ],
};

const MASTER_OF: Record<BaseType, FrameType> = {
  LIGHT: 'UNKNOWN',
  DARK: 'MASTER DARK',
  FLAT: 'MASTER FLAT',
  BIAS: 'MASTER BIAS',
  DARKFLAT: 'MASTER DARKFLAT',
};

const LOOKUP = buildLookup();

function buildLookup(): Map<string, FrameType> {
  const map = new Map<string, FrameType>();
  for (const [base, spellings] of Object.entries(BASE_SPELLINGS) as [
    BaseType,
    readonly string[],
  ][]) {
    for (const spelling of spellings) {
      map.set(spelling, base);
      // A master light (an integrated image) has no FrameType of its own: it is recognised but
      // reported as UNKNOWN so it is never treated as a raw light.
      map.set(`MASTER ${spelling}`, MASTER_OF[base]);
      map.set(`MASTER${spelling.replace(/ /g, '')}`, MASTER_OF[base]);
    }
  }
  return map;
}

function canonicalSpelling(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/ FRAMES?$/, '');
}

/**
 * Normalizes every frame-type spelling ('Light Frame', 'LIGHT', 'MASTER DARK', 'Master Flat',
 * 'DARKFLAT', 'Flat Dark', 'Bias Frame', XISF 'MasterDark', ...) to a {@link FrameType}.
 * Returns `null` when the value says nothing we recognise. A 'Master Light' is recognised and
 * returned as 'UNKNOWN'.
 *
 * @example
 * ```ts
 * parseFrameType('Dark Frame'); // 'DARK'
 * parseFrameType('Master Flat'); // 'MASTER FLAT'
 * parseFrameType('Tricolor Image'); // null
 * ```
 */
export function parseFrameType(value: string | null | undefined): FrameType | null {
  if (value === null || value === undefined) return null;
  const direct = LOOKUP.get(value);
  if (direct !== undefined) return direct;
  return LOOKUP.get(canonicalSpelling(value)) ?? null;
}

/** The folder names that mark a frame type in a path: only plain type words, never a target. */
export function parsePathFrameType(segment: string): FrameType | null {
  const canonical = canonicalSpelling(segment);
  const type = LOOKUP.get(canonical);
  return type === undefined || type === 'UNKNOWN' || PATH_EXCLUDED.has(canonical) ? null : type;
}

// Words that are frame types in a header but ordinary names in a folder tree.
const PATH_EXCLUDED = new Set(['OBJECT', 'SCIENCE', 'SNAPSHOT', 'ZERO']);
