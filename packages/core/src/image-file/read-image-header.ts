import { AstroError, ErrorCode, type Diagnostic } from '../errors/index.js';
import { readFitsImageHeader, type FitsHdu } from '../fits/index.js';
import type { ByteSource } from '../io/index.js';
import type { HeaderCard, NormalizeInput } from '../metadata/index.js';
import { readXisfHeader, type XisfHeader } from '../xisf/index.js';
import { detectFormat, type ImageFormat } from './detect-format.js';

/** The header of a file's (first) image, in the form the metadata layer normalizes. */
export interface ImageHeader {
  format: ImageFormat;
  input: Omit<NormalizeInput, 'path'>;
  diagnostics: Diagnostic[];
  /** The reader's full view, for callers that show every HDU. */
  fits?: { hdu: FitsHdu; hdus: FitsHdu[] };
  xisf?: XisfHeader;
}

/**
 * Reads only the header bytes of a FITS or XISF file and returns its cards.
 * Throws AstroError EMPTY_FILE, TRUNCATED, UNKNOWN_FORMAT or the reader's own codes.
 */
export async function readImageHeader(source: ByteSource): Promise<ImageHeader> {
  if (source.size === 0) throw new AstroError(ErrorCode.EMPTY_FILE, 'the file is empty');
  const format = detectFormat(await source.read(0, 16));
  if (format === 'fits') {
    const { value, diagnostics } = await readFitsImageHeader(source);
    const { hdu } = value;
    // The header can be whole while the pixels are cut short (a copy that died midway).
    if (hdu.dataOffset + hdu.dataLength > source.size) {
      diagnostics.push({
        severity: 'error',
        code: ErrorCode.TRUNCATED,
        hdu: hdu.index,
        message: `the image data ends ${hdu.dataOffset + hdu.dataLength - source.size} bytes short of what NAXIS and BITPIX say`,
      });
    }
    return {
      format,
      input: { format, cards: hdu.header.toHeaderCards() },
      diagnostics,
      fits: value,
    };
  }
  if (format === 'xisf') {
    const { value, diagnostics } = await readXisfHeader(source);
    const image = value.images[0];
    if (!image) throw new AstroError(ErrorCode.NO_IMAGE, 'the XISF file holds no image');
    return {
      format,
      input: {
        format,
        cards: image.fitsKeywords,
        widthPx: image.width,
        heightPx: image.height,
        ...(image.imageType ? { imageType: image.imageType } : {}),
        properties: propertyMap([...value.metadata, ...image.properties]),
      },
      diagnostics,
      xisf: value,
    };
  }
  throw new AstroError(
    ErrorCode.UNKNOWN_FORMAT,
    'not a FITS or XISF file (unrecognized signature)',
  );
}

function propertyMap(
  properties: Array<{ id: string; value: HeaderCard['value'] }>,
): Record<string, HeaderCard['value']> {
  const map: Record<string, HeaderCard['value']> = {};
  for (const p of properties) map[p.id] = p.value;
  return map;
}
