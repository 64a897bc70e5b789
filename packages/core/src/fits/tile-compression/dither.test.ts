import { describe, expect, it } from 'vitest';
import { ditherRandoms, N_RANDOM, unquantize, ZERO_VALUE } from './dither.js';

describe('dither', () => {
  it('builds the standard sequence (Park-Miller from seed 1)', () => {
    const r = ditherRandoms();
    expect(r).toHaveLength(N_RANDOM);
    expect(r[0]).toBe(Math.fround(16807 / 2147483647));
    // The standard's self-check: the seed after 10,000 steps is 1043618065.
    let seed = 1;
    for (let i = 0; i < N_RANDOM; i++) seed = (16807 * seed) % 2147483647;
    expect(seed).toBe(1043618065);
    expect(r[N_RANDOM - 1]).toBe(Math.fround(1043618065 / 2147483647));
  });

  it('undoes subtractive dithering from the tile and ZDITHER0 start', () => {
    const r = ditherRandoms();
    const out = new Float32Array(3);
    unquantize([10, ZERO_VALUE, -7], out, {
      method: 'SUBTRACTIVE_DITHER_2',
      scale: 0.5,
      zero: 100,
      blank: -7,
      tile: 4,
      dither0: 3,
    });
    const start = Math.trunc((r[6] as number) * 500);
    expect(out[0]).toBe(Math.fround((10 - (r[start] as number) + 0.5) * 0.5 + 100));
    expect(out[1]).toBe(0);
    expect(out[2]).toBeNaN();
  });

  it('scales without dithering for NO_DITHER', () => {
    const out = new Float64Array(2);
    unquantize([2, -1], out, {
      method: 'NO_DITHER',
      scale: 0.25,
      zero: 1,
      blank: undefined,
      tile: 0,
      dither0: 1,
    });
    expect(Array.from(out)).toEqual([1.5, 0.75]);
  });
});
