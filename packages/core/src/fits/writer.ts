import { AstroError, ErrorCode } from '../errors/index.js';
import type { FitsValue } from './card.js';
import { encodeBigEndian, type RawPixels } from './endian.js';
import { paddedLength } from './fits-hdu.js';
import { formatCard, needsContinue } from './format-card.js';
import { compressImage, type WriteCompression } from './tile-compression/compress-image.js';

/** One HDU to write: its own cards plus an optional image. */
export interface FitsWriteHdu {
  /** Cards in order, after the mandatory ones the writer adds (those given here are ignored). */
  cards: Array<{ keyword: string; value?: FitsValue; comment?: string }>;
  /** Physical pixel values, FITS row order; stored = (value - bzero) / bscale. */
  image?: {
    bitpix: 8 | 16 | 32 | 64 | -32 | -64;
    axes: number[];
    data: ArrayLike<number> | BigInt64Array;
    bzero?: number;
    bscale?: number;
  };
  /** Write this image tile-compressed (a BINTABLE with ZIMAGE). */
  compress?: WriteCompression;
}

/** Keywords the writer owns; callers' copies would contradict the structure. */
const STRUCTURAL =
  /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|END|GROUPS|TFIELDS|Z(IMAGE|BITPIX|NAXIS\d*|TILE\d+|CMPTYPE|NAME\d+|VAL\d+)|T(TYPE|FORM)\d+)$/;

type Card = [string, FitsValue | undefined, string | undefined];

/**
 * Writes a standard FITS file: mandatory keywords in order, fixed-format values, CONTINUE long
 * strings (with LONGSTRN), big-endian data, blocks padded to 2880 bytes with spaces / zeros.
 * A compressed first HDU gets an empty primary in front, as the tiled-image convention requires.
 *
 * @example
 * ```ts
 * const bytes = writeFits([{ cards: [{ keyword: 'IMAGETYP', value: 'LIGHT' }],
 *   image: { bitpix: 16, axes: [2, 1], data: Uint16Array.of(0, 65535), bzero: 32768 } }]);
 * ```
 */
export function writeFits(hdus: FitsWriteHdu[]): Uint8Array {
  if (hdus.length === 0)
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, 'writeFits needs at least one HDU');
  const list = hdus[0]?.compress && hdus[0].image ? [{ cards: [] }, ...hdus] : hdus;
  const parts = list.map((hdu, i) => encodeHdu(hdu, i, list.length > 1));
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function encodeHdu(hdu: FitsWriteHdu, index: number, extend: boolean): Uint8Array {
  const image = hdu.image;
  const axes = image?.axes ?? [];
  const bitpix = image?.bitpix ?? 8;
  const { bzero, bscale } = scalingOf(hdu);
  const stored = image ? toStored(image.data, bitpix, axes, bzero, bscale) : undefined;

  let cards: Card[];
  let data: Uint8Array;
  if (image && stored && hdu.compress && index > 0) {
    const table = compressImage(stored, bitpix, axes, hdu.compress);
    cards = table.cards;
    data = table.data;
  } else {
    cards =
      index === 0
        ? [['SIMPLE', true, 'conforms to FITS standard']]
        : [['XTENSION', 'IMAGE', 'image extension']];
    cards.push(
      ['BITPIX', bitpix, 'array data type'],
      ['NAXIS', axes.length, 'number of array dimensions'],
    );
    axes.forEach((n, i) => cards.push([`NAXIS${i + 1}`, n, undefined]));
    if (index === 0 && extend) cards.push(['EXTEND', true, undefined]);
    if (index > 0)
      cards.push(['PCOUNT', 0, 'number of parameters'], ['GCOUNT', 1, 'number of groups']);
    data = stored ? encodeBigEndian(stored) : new Uint8Array(0);
  }
  if (bzero !== 0 || bscale !== 1)
    cards.push(['BSCALE', bscale, undefined], ['BZERO', bzero, undefined]);

  const own = hdu.cards.filter((c) => {
    const key = c.keyword.toUpperCase();
    return !STRUCTURAL.test(key) && !((key === 'BZERO' || key === 'BSCALE') && image);
  });
  if (
    own.some((c) => needsContinue(c.value)) &&
    !own.some((c) => c.keyword.toUpperCase() === 'LONGSTRN')
  ) {
    cards.push(['LONGSTRN', 'OGIP 1.0', 'The OGIP long string convention may be used']);
  }
  for (const c of own) cards.push([c.keyword, c.value, c.comment]);

  const text = [...cards.flatMap(([k, v, c]) => formatCard(k, v, c)), 'END'.padEnd(80)].join('');
  const headerLength = paddedLength(text.length);
  const out = new Uint8Array(headerLength + paddedLength(data.length));
  out.fill(32, 0, headerLength);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  out.set(data, headerLength);
  return out;
}

function scalingOf(hdu: FitsWriteHdu): { bzero: number; bscale: number } {
  const image = hdu.image;
  if (!image) return { bzero: 0, bscale: 1 };
  let bzero = image.bzero;
  // Unsigned arrays imply the standard unsigned-integer offset when none is given.
  if (bzero === undefined && image.bitpix === 16 && image.data instanceof Uint16Array)
    bzero = 32768;
  if (bzero === undefined && image.bitpix === 32 && image.data instanceof Uint32Array)
    bzero = 2147483648;
  return { bzero: bzero ?? 0, bscale: image.bscale ?? 1 };
}

function toStored(
  data: ArrayLike<number> | BigInt64Array,
  bitpix: number,
  axes: number[],
  bzero: number,
  bscale: number,
): RawPixels {
  const count = axes.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `image has ${data.length} values but its axes hold ${count}`,
    );
  }
  if (bitpix === 64) {
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) {
      const v = data[i] as number | bigint;
      out[i] = typeof v === 'bigint' ? v - BigInt(bzero) : BigInt(Math.round((v - bzero) / bscale));
    }
    return out;
  }
  const out = allocate(bitpix, count);
  const integer = bitpix > 0;
  const identity = bzero === 0 && bscale === 1;
  for (let i = 0; i < count; i++) {
    const v = Number(data[i]);
    const s = identity ? v : (v - bzero) / bscale;
    out[i] = integer ? Math.round(s) : s;
  }
  return out;
}

function allocate(bitpix: number, n: number): Exclude<RawPixels, BigInt64Array> {
  if (bitpix === 8) return new Uint8Array(n);
  if (bitpix === 16) return new Int16Array(n);
  if (bitpix === 32) return new Int32Array(n);
  if (bitpix === -32) return new Float32Array(n);
  if (bitpix === -64) return new Float64Array(n);
  throw new AstroError(ErrorCode.INVALID_ARGUMENT, `invalid BITPIX ${bitpix}`);
}
