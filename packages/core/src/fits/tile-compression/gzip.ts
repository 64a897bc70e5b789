import { gzipSync, unzipSync } from 'node:zlib';
import { AstroError, ErrorCode } from '../../errors/index.js';

/**
 * Inflates a GZIP_1 / GZIP_2 tile. GZIP_2 stored the bytes shuffled (all most significant bytes
 * first, then the next, ...) for better compression; `width` undoes that. The result is the
 * tile's big-endian pixel bytes.
 */
export function gunzipTile(bytes: Uint8Array, shuffledWidth?: number): Uint8Array {
  let plain: Uint8Array;
  try {
    // unzip accepts both gzip and zlib framing; writers differ.
    plain = new Uint8Array(unzipSync(bytes));
  } catch (cause) {
    throw new AstroError(ErrorCode.FITS_BAD_HEADER, 'corrupt GZIP tile', { cause });
  }
  return shuffledWidth && shuffledWidth > 1 ? unshuffle(plain, shuffledWidth) : plain;
}

/** Compresses big-endian tile bytes, shuffling them first for GZIP_2. */
export function gzipTile(bytes: Uint8Array, shuffledWidth?: number): Uint8Array {
  const input = shuffledWidth && shuffledWidth > 1 ? shuffle(bytes, shuffledWidth) : bytes;
  return new Uint8Array(gzipSync(input));
}

/** Groups byte k of every element together: [a0 a1 b0 b1] -> [a0 b0 a1 b1]. */
export function shuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = Math.floor(bytes.length / width);
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < width; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) out[base + i] = bytes[i * width + k] as number;
  }
  return out;
}

export function unshuffle(bytes: Uint8Array, width: number): Uint8Array {
  const n = Math.floor(bytes.length / width);
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < width; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) out[i * width + k] = bytes[base + i] as number;
  }
  return out;
}
