import { AstroError, ErrorCode, type Diagnostic, type WithDiagnostics } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { dataLengthOf, holdsImage, kindOf, paddedLength, type FitsHdu } from './fits-hdu.js';
import { HeaderBlockReader } from './header-block-reader.js';
import { parseHeader } from './parse-header.js';
import {
  compressionType,
  imageHeaderFromTable,
  SUPPORTED_COMPRESSION,
} from './tile-compression/compressed-header.js';

export interface ReadFitsHeadersOptions {
  signal?: AbortSignal;
  /** Stop after this many HDUs. */
  maxHdus?: number;
}

/**
 * Reads every HDU header of a FITS file, skipping data by offset arithmetic (data bytes are never
 * read). Bad cards, truncated data and trailing junk become diagnostics; only a file that is
 * empty, not FITS, or whose primary header is cut off throws.
 *
 * @example
 * ```ts
 * const { value: hdus, diagnostics } = await withFileSource('m31.fits', (s) => readFitsHeaders(s));
 * hdus[0]?.header.getNumber('EXPTIME');
 * ```
 */
export async function readFitsHeaders(
  source: ByteSource,
  options: ReadFitsHeadersOptions = {},
): Promise<WithDiagnostics<FitsHdu[]>> {
  const maxHdus = options.maxHdus ?? Infinity;
  return walkHdus(source, options.signal, (hdus) => hdus.length >= maxHdus);
}

/**
 * The header of the first HDU that holds an image (a primary with NAXIS > 0, an IMAGE
 * extension, or a ZIMAGE table), reading no header blocks beyond it. This is the cataloging
 * hot path: for a typical camera frame it is a single read of at most 23,040 bytes.
 *
 * @example
 * ```ts
 * const { value } = await readFitsImageHeader(source);
 * const widthPx = value.hdu.header.getInt('NAXIS1');
 * ```
 */
export async function readFitsImageHeader(
  source: ByteSource,
): Promise<WithDiagnostics<{ hdu: FitsHdu; hdus: FitsHdu[] }>> {
  const { value: hdus, diagnostics } = await walkHdus(source, undefined, (read) => {
    const last = read[read.length - 1];
    return last !== undefined && holdsImage(last);
  });
  const hdu = hdus.find(holdsImage);
  if (!hdu)
    throw new AstroError(ErrorCode.NO_IMAGE, 'no HDU of this FITS file holds an image', {
      details: { hdus: hdus.length },
    });
  return { value: { hdu, hdus }, diagnostics };
}

async function walkHdus(
  source: ByteSource,
  signal: AbortSignal | undefined,
  done: (hdus: FitsHdu[]) => boolean,
): Promise<WithDiagnostics<FitsHdu[]>> {
  if (source.size === 0) throw new AstroError(ErrorCode.EMPTY_FILE, 'the file is empty');
  const reader = new HeaderBlockReader(source);
  const hdus: FitsHdu[] = [];
  const diagnostics: Diagnostic[] = [];
  let offset = 0;

  while (offset < source.size && !done(hdus)) {
    if (signal?.aborted)
      throw new AstroError(ErrorCode.ABORTED, 'reading FITS headers was cancelled');
    const index = hdus.length;
    if (index > 0 && !(await reader.startsExtension(offset))) {
      diagnostics.push({
        severity: 'warning',
        code: 'FITS_TRAILING_BYTES',
        message: `${source.size - offset} bytes after the last HDU are not an extension`,
        hdu: index,
      });
      break;
    }
    const { text, headerLength, complete } = await reader.readHeader(offset);
    if (index === 0 && !text.startsWith('SIMPLE  =')) {
      throw new AstroError(ErrorCode.FITS_NOT_FITS, 'the first card is not SIMPLE =');
    }
    if (!complete) {
      if (index === 0)
        throw new AstroError(
          ErrorCode.TRUNCATED,
          'the file ends before the primary header END card',
        );
      diagnostics.push({
        severity: 'error',
        code: ErrorCode.TRUNCATED,
        message: `the file ends before the END card of HDU ${index}`,
        hdu: index,
      });
      break;
    }
    const parsed = parseHeader(text, index);
    diagnostics.push(...parsed.diagnostics);
    let dataLength: number;
    try {
      dataLength = dataLengthOf(parsed.header);
    } catch (error) {
      if (index === 0) throw error;
      diagnostics.push({
        severity: 'error',
        code: ErrorCode.FITS_BAD_HEADER,
        message: `HDU ${index}: ${(error as Error).message}`,
        hdu: index,
      });
      break;
    }
    const hdu: FitsHdu = {
      index,
      kind: kindOf(parsed.header, index),
      header: parsed.header,
      headerOffset: offset,
      dataOffset: offset + headerLength,
      dataLength,
    };
    if (hdu.kind === 'compressed-image') describeCompressed(hdu, diagnostics);
    hdus.push(hdu);
    if (hdu.dataOffset + dataLength > source.size) {
      diagnostics.push({
        severity: 'error',
        code: ErrorCode.TRUNCATED,
        message: `HDU ${index} announces ${dataLength} data bytes but the file holds ${Math.max(0, source.size - hdu.dataOffset)}`,
        hdu: index,
      });
      break;
    }
    offset = hdu.dataOffset + paddedLength(dataLength);
  }
  return { value: hdus, diagnostics };
}

function describeCompressed(hdu: FitsHdu, diagnostics: Diagnostic[]): void {
  hdu.rawHeader = hdu.header;
  hdu.header = imageHeaderFromTable(hdu.header);
  const type = compressionType(hdu.rawHeader);
  if (!SUPPORTED_COMPRESSION.has(type)) {
    diagnostics.push({
      severity: 'warning',
      code: ErrorCode.UNSUPPORTED_COMPRESSION,
      message: `HDU ${hdu.index}: ${type || 'unnamed'} compression is not decoded; the header is still read`,
      hdu: hdu.index,
    });
  }
}
