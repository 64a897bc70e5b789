import { describe, expect, it } from 'vitest';
import { riceDecode, riceEncode, type RiceBytepix } from './rice.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

const ranges: Record<RiceBytepix, [number, number]> = {
  1: [0, 255],
  2: [-32768, 32767],
  4: [-2147483648, 2147483647],
};

describe('RICE_1', () => {
  it.each([1, 2, 4] as const)(
    'round-trips %i-byte pixels: smooth, noisy, constant and extreme blocks',
    (bytepix) => {
      const [lo, hi] = ranges[bytepix];
      const random = prng(bytepix);
      const smooth = Array.from({ length: 100 }, (_, i) =>
        Math.min(hi, Math.max(lo, Math.round(50 + 10 * Math.sin(i / 7) + random() * 4))),
      );
      const constant = new Array<number>(70).fill(bytepix === 1 ? 200 : -5);
      const noisy = Array.from({ length: 77 }, () => Math.floor(lo + random() * (hi - lo + 1)));
      const extremes = [lo, hi, lo, hi, 0, hi, lo];
      const values = [...smooth, ...constant, ...noisy, ...extremes];
      const encoded = riceEncode(values, 32, bytepix);
      expect(Array.from(riceDecode(encoded, values.length, 32, bytepix))).toEqual(values);
    },
  );

  it('compresses a smooth 16-bit row well below its raw size', () => {
    const values = Array.from({ length: 4096 }, (_, i) => 1000 + (i % 7));
    expect(riceEncode(values, 32, 2).length).toBeLessThan(4096 * 2 * 0.3);
  });

  it('decodes a hand-made tile: first pixel raw, then a low-entropy block', () => {
    // bytepix 2: first value 0x0102, then fs field 0000 (all differences zero), padded.
    expect(Array.from(riceDecode(Uint8Array.of(0x01, 0x02, 0x00), 5, 32, 2))).toEqual([
      258, 258, 258, 258, 258,
    ]);
  });

  it('rejects a tile with no data', () => {
    expect(() => riceDecode(new Uint8Array(1), 10, 32, 4)).toThrow(/RICE_1/);
  });
});
