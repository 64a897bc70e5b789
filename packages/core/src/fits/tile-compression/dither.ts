/** Length of the tiled-image convention's pseudo-random sequence. */
export const N_RANDOM = 10000;
/** SUBTRACTIVE_DITHER_2 stores exact zeros as this integer. */
export const ZERO_VALUE = -2147483646;

let randoms: Float32Array | undefined;

/**
 * The convention's fixed sequence: Park-Miller minimal standard generator (a = 16807,
 * m = 2^31 - 1, seed 1), each value seed/m rounded to single precision as the standard says.
 */
export function ditherRandoms(): Float32Array {
  if (randoms) return randoms;
  const a = 16807;
  const m = 2147483647;
  const values = new Float32Array(N_RANDOM);
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    // a * seed < 2^46, exact in a double, so this is the integer recurrence.
    const t = a * seed;
    seed = t - m * Math.trunc(t / m);
    values[i] = seed / m;
  }
  randoms = values;
  return values;
}

export type QuantizeMethod = 'NO_DITHER' | 'SUBTRACTIVE_DITHER_1' | 'SUBTRACTIVE_DITHER_2';

export interface UnquantizeParams {
  method: QuantizeMethod;
  scale: number;
  zero: number;
  /** Stored value that marks an undefined pixel (ZBLANK); becomes NaN. */
  blank: number | undefined;
  /** 0-based tile number. */
  tile: number;
  /** ZDITHER0 (1 when absent). */
  dither0: number;
}

/**
 * Restores floats from quantized integers: `(i - r + 0.5) * scale + zero` with dithering,
 * `i * scale + zero` without; r walks the random sequence from a start chosen by tile and ZDITHER0.
 * Arithmetic is in doubles, rounded once on store, as the reference implementation does.
 */
export function unquantize(
  ints: ArrayLike<number>,
  out: Float32Array | Float64Array,
  p: UnquantizeParams,
): void {
  const n = ints.length;
  const { scale, zero, blank } = p;
  if (p.method === 'NO_DITHER') {
    for (let i = 0; i < n; i++) {
      const v = ints[i] as number;
      out[i] = v === blank ? NaN : v * scale + zero;
    }
    return;
  }
  const r = ditherRandoms();
  const zeroes = p.method === 'SUBTRACTIVE_DITHER_2';
  let seed = (((p.tile + p.dither0 - 1) % N_RANDOM) + N_RANDOM) % N_RANDOM;
  let next = Math.trunc((r[seed] as number) * 500);
  for (let i = 0; i < n; i++) {
    const v = ints[i] as number;
    if (v === blank) out[i] = NaN;
    else if (zeroes && v === ZERO_VALUE) out[i] = 0;
    else out[i] = (v - (r[next] as number) + 0.5) * scale + zero;
    next++;
    if (next === N_RANDOM) {
      seed = (seed + 1) % N_RANDOM;
      next = Math.trunc((r[seed] as number) * 500);
    }
  }
}
