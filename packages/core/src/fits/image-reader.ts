import { AstroError, ErrorCode, type Diagnostic, type WithDiagnostics } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { decodeBigEndian, type RawPixels } from './endian.js';
import { holdsImage, type FitsHdu } from './fits-hdu.js';
import { readFitsHeaders, readFitsImageHeader } from './hdu-reader.js';
import { toPhysical } from './physical-values.js';
import { decodeCompressedImage } from './tile-compression/compressed-image.js';

/** Pixels of one image HDU as physical values, rows in FITS order (row 1 first, not flipped). */
export interface FitsImage {
  bitpix: number;
  /** NAXIS1, NAXIS2, ... */
  axes: number[];
  width: number;
  height: number;
  /** Product of the axes beyond the second (colour planes, cube slices). */
  planes: number;
  data:
    | Uint8Array
    | Int16Array
    | Uint16Array
    | Int32Array
    | Uint32Array
    | Float32Array
    | Float64Array
    | BigInt64Array;
  bzero: number;
  bscale: number;
  /** BLANK: the stored integer meaning "undefined" (already NaN where data is floating point). */
  blank?: number;
}

/**
 * Reads the pixels of an image HDU (the first image when `hdu` is omitted), decoding big-endian
 * data, BZERO/BSCALE (unsigned 16/32-bit become Uint16Array/Uint32Array) and tile compression
 * (RICE_1, GZIP_1, GZIP_2, NOCOMPRESS, quantized floats).
 *
 * @example
 * ```ts
 * const { value: image } = await withFileSource('flat.fits', (s) => readFitsImage(s));
 * const firstRowFirstPixel = image.data[0];
 * ```
 */
export async function readFitsImage(
  source: ByteSource,
  hdu?: FitsHdu | number,
  options: { signal?: AbortSignal } = {},
): Promise<WithDiagnostics<FitsImage>> {
  const diagnostics: Diagnostic[] = [];
  const target = await resolveHdu(source, hdu, diagnostics);
  if (options.signal?.aborted)
    throw new AstroError(ErrorCode.ABORTED, 'reading the FITS image was cancelled');
  if (!holdsImage(target))
    throw new AstroError(ErrorCode.NO_IMAGE, `HDU ${target.index} holds no image`);
  if (target.dataOffset + target.dataLength > source.size) {
    throw new AstroError(ErrorCode.TRUNCATED, `HDU ${target.index} data is cut off`, {
      details: {
        expected: target.dataLength,
        available: Math.max(0, source.size - target.dataOffset),
      },
    });
  }
  const header = target.header;
  const bitpix = header.getInt('BITPIX') ?? 0;
  const axes: number[] = [];
  for (let i = 1; i <= (header.getInt('NAXIS') ?? 0); i++)
    axes.push(header.getInt(`NAXIS${i}`) ?? 0);
  const bytes = await source.read(target.dataOffset, target.dataLength);
  let raw: RawPixels;
  if (target.kind === 'compressed-image' && target.rawHeader) {
    raw = decodeCompressedImage(target.rawHeader, bytes);
  } else {
    raw = decodeBigEndian(
      bytes,
      bitpix,
      axes.reduce((a, b) => a * b, 1),
    );
  }
  const bzero = header.getNumber('BZERO') ?? 0;
  const bscale = header.getNumber('BSCALE') ?? 1;
  const blank = bitpix > 0 ? header.getNumber('BLANK') : undefined;
  const image: FitsImage = {
    bitpix,
    axes,
    width: axes[0] ?? 0,
    height: axes[1] ?? 1,
    planes: axes.slice(2).reduce((a, b) => a * b, 1),
    data: toPhysical(raw, bzero, bscale, blank),
    bzero,
    bscale,
  };
  if (blank !== undefined) image.blank = blank;
  return { value: image, diagnostics };
}

async function resolveHdu(
  source: ByteSource,
  hdu: FitsHdu | number | undefined,
  diagnostics: Diagnostic[],
): Promise<FitsHdu> {
  if (typeof hdu === 'object') return hdu;
  if (hdu === undefined) {
    const found = await readFitsImageHeader(source);
    diagnostics.push(...found.diagnostics);
    return found.value.hdu;
  }
  const { value: hdus, diagnostics: found } = await readFitsHeaders(source, { maxHdus: hdu + 1 });
  diagnostics.push(...found);
  const target = hdus[hdu];
  if (!target)
    throw new AstroError(ErrorCode.NO_IMAGE, `the file has no HDU ${hdu}`, {
      details: { hdus: hdus.length },
    });
  return target;
}
