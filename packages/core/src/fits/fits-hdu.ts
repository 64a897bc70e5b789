import { AstroError, ErrorCode } from '../errors/index.js';
import type { FitsHeader } from './fits-header.js';

/** One header-data unit, located in the file but with its data left unread. */
export interface FitsHdu {
  index: number;
  kind: 'primary' | 'image' | 'bintable' | 'table' | 'compressed-image';
  /** For `compressed-image`: the header of the uncompressed image (ZBITPIX -> BITPIX, ...). */
  header: FitsHeader;
  /** For `compressed-image`: the BINTABLE header as stored. */
  rawHeader?: FitsHeader;
  headerOffset: number;
  dataOffset: number;
  /** Bytes of data, excluding the padding to 2880. */
  dataLength: number;
}

export const BLOCK_SIZE = 2880;

export function paddedLength(bytes: number): number {
  return Math.ceil(bytes / BLOCK_SIZE) * BLOCK_SIZE;
}

/**
 * Data length a header announces: |BITPIX|/8 * GCOUNT * (PCOUNT + NAXIS1 * ... * NAXISn), with
 * NAXIS1 = 0 left out of the product for random groups. Throws FITS_BAD_HEADER when the
 * mandatory keywords are missing or nonsensical, since the next HDU cannot be found without them.
 */
export function dataLengthOf(header: FitsHeader): number {
  const bitpix = header.getInt('BITPIX');
  const naxis = header.getInt('NAXIS');
  if (bitpix === undefined || ![8, 16, 32, 64, -32, -64].includes(bitpix)) {
    throw new AstroError(
      ErrorCode.FITS_BAD_HEADER,
      `invalid BITPIX ${String(header.get('BITPIX')?.value)}`,
    );
  }
  if (naxis === undefined || naxis < 0 || naxis > 999) {
    throw new AstroError(
      ErrorCode.FITS_BAD_HEADER,
      `invalid NAXIS ${String(header.get('NAXIS')?.value)}`,
    );
  }
  if (naxis === 0) return 0;
  const groups = header.getBoolean('GROUPS') === true && header.getInt('NAXIS1') === 0;
  let product = 1;
  for (let i = groups ? 2 : 1; i <= naxis; i++) {
    const n = header.getInt(`NAXIS${i}`);
    if (n === undefined || n < 0) {
      throw new AstroError(ErrorCode.FITS_BAD_HEADER, `missing or invalid NAXIS${i}`);
    }
    product *= n;
  }
  const pcount = header.getInt('PCOUNT') ?? 0;
  const gcount = header.getInt('GCOUNT') ?? 1;
  return (Math.abs(bitpix) / 8) * gcount * (pcount + product);
}

/** What kind of HDU a header describes. */
export function kindOf(header: FitsHeader, index: number): FitsHdu['kind'] {
  if (index === 0) return 'primary';
  const xtension = (header.getString('XTENSION') ?? '').trim().toUpperCase();
  if (xtension === 'IMAGE' || xtension === 'IUEIMAGE') return 'image';
  if (xtension === 'TABLE') return 'table';
  if (header.getBoolean('ZIMAGE') === true) return 'compressed-image';
  return 'bintable';
}

/** Whether the HDU holds pixels: a primary or IMAGE with every axis non-empty, or a ZIMAGE table. */
export function holdsImage(hdu: FitsHdu): boolean {
  if (hdu.kind === 'compressed-image') return true;
  if (hdu.kind !== 'primary' && hdu.kind !== 'image') return false;
  const naxis = hdu.header.getInt('NAXIS') ?? 0;
  if (naxis === 0 || hdu.header.getBoolean('GROUPS') === true) return false;
  for (let i = 1; i <= naxis; i++) if ((hdu.header.getInt(`NAXIS${i}`) ?? 0) <= 0) return false;
  return true;
}
