import type { RawPixels } from './endian.js';
import type { FitsImage } from './image-reader.js';

/**
 * Applies BZERO/BSCALE (physical = stored * BSCALE + BZERO) choosing the narrowest exact array:
 * the unsigned-integer conventions (16-bit + 32768, 32-bit + 2^31) become Uint16Array /
 * Uint32Array by flipping the sign bit; any other scaling of integers becomes Float32Array
 * (Float64Array for 32/64-bit) with BLANK pixels as NaN; identity scaling keeps the stored array.
 */
export function toPhysical(
  raw: RawPixels,
  bzero: number,
  bscale: number,
  blank: number | undefined,
): FitsImage['data'] {
  const identity = bzero === 0 && bscale === 1;
  if (identity) return raw;
  if (raw instanceof Int16Array && bscale === 1 && bzero === 32768) {
    const out = new Uint16Array(raw.buffer, raw.byteOffset, raw.length);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) ^ 0x8000;
    return out;
  }
  if (raw instanceof Int32Array && bscale === 1 && bzero === 2147483648) {
    const out = new Uint32Array(raw.buffer, raw.byteOffset, raw.length);
    for (let i = 0; i < out.length; i++) out[i] = ((out[i] as number) ^ 0x80000000) >>> 0;
    return out;
  }
  const wide =
    raw instanceof Int32Array || raw instanceof BigInt64Array || raw instanceof Float64Array;
  const out = wide ? new Float64Array(raw.length) : new Float32Array(raw.length);
  const isInteger = !(raw instanceof Float32Array || raw instanceof Float64Array);
  if (raw instanceof BigInt64Array) {
    const big = blank === undefined ? undefined : BigInt(blank);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i] as bigint;
      out[i] = v === big ? NaN : Number(v) * bscale + bzero;
    }
    return out;
  }
  const checkBlank = isInteger && blank !== undefined;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] as number;
    out[i] = checkBlank && v === blank ? NaN : v * bscale + bzero;
  }
  return out;
}
