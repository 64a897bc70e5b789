import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { bufferSource } from '../io/byte-source.js';
import { decodeBigEndian, encodeBigEndian } from './endian.js';
import { readFitsImage } from './image-reader.js';
import { writeFits } from './writer.js';

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('readFitsImage', () => {
  it('applies BSCALE/BZERO to Float32 and turns BLANK into NaN', async () => {
    const bytes = writeFits([
      {
        cards: [{ keyword: 'BLANK', value: -1 }],
        image: { bitpix: 16, axes: [3, 1], data: [10, 11, 12], bscale: 0.5, bzero: 5 },
      },
    ]);
    // Stored values are (v - 5) / 0.5 = 10, 12, 14; make the middle one BLANK (-1) by hand.
    const dataAt = bytes.length - 2880;
    bytes[dataAt + 2] = 0xff;
    bytes[dataAt + 3] = 0xff;
    const { value } = await readFitsImage(bufferSource(bytes));
    expect(value.data).toBeInstanceOf(Float32Array);
    expect(value.blank).toBe(-1);
    expect(value.data[0]).toBe(10);
    expect(value.data[1]).toBeNaN();
    expect(value.data[2]).toBe(12);
    expect([value.bscale, value.bzero]).toEqual([0.5, 5]);
  });

  it('reads unsigned 32-bit data and geometry of a cube', async () => {
    const data = Uint32Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 178956970);
    const { value } = await readFitsImage(
      bufferSource(writeFits([{ cards: [], image: { bitpix: 32, axes: [2, 3, 4], data } }])),
    );
    expect(value.data).toBeInstanceOf(Uint32Array);
    expect(Array.from(value.data as Uint32Array)).toEqual(Array.from(data));
    expect([value.width, value.height, value.planes]).toEqual([2, 3, 4]);
  });

  it('selects an HDU by number and refuses one without pixels', async () => {
    const bytes = writeFits([
      { cards: [] },
      { cards: [], image: { bitpix: 8, axes: [2, 2], data: [1, 2, 3, 4] } },
    ]);
    expect(
      Array.from((await readFitsImage(bufferSource(bytes), 1)).value.data as Uint8Array),
    ).toEqual([1, 2, 3, 4]);
    expect(isAstroError(await errorOf(readFitsImage(bufferSource(bytes), 0)), 'NO_IMAGE')).toBe(
      true,
    );
    expect(isAstroError(await errorOf(readFitsImage(bufferSource(bytes), 5)), 'NO_IMAGE')).toBe(
      true,
    );
  });

  it('refuses a tile-compressed image whose axis or row-size cards are damaged, instead of looping or misreading', async () => {
    const bytes = writeFits([
      {
        cards: [],
        image: { bitpix: 16, axes: [10, 10], data: new Uint16Array(100) },
        compress: 'RICE_1',
      },
    ]);
    const text = Buffer.from(bytes).toString('latin1');
    for (const [card, damaged] of [
      [/ZNAXIS {2}= {20}2/, 'ZNAXIS  =      <             2'],
      [/ZNAXIS1 = {19}10/, 'ZNAXIS1 =                  -10'],
      // Rows wider than their columns: descriptors would be read from the wrong bytes.
      [/NAXIS1 {2}= {20}8/, 'NAXIS1  =                   16'],
    ] as const) {
      const at = text.search(card);
      expect(at).toBeGreaterThan(0);
      const copy = Uint8Array.from(bytes);
      copy.set(Buffer.from(damaged, 'latin1'), at);
      const error = await errorOf(readFitsImage(bufferSource(copy)));
      expect(isAstroError(error, 'FITS_BAD_HEADER'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/ZNAXIS|NAXIS1 is 16/);
    }
  });

  it('throws TRUNCATED when the pixels are cut off', async () => {
    const bytes = writeFits([
      { cards: [], image: { bitpix: 16, axes: [100, 100], data: new Uint16Array(10000) } },
    ]);
    expect(
      isAstroError(
        await errorOf(readFitsImage(bufferSource(bytes.subarray(0, 2880 + 100)))),
        'TRUNCATED',
      ),
    ).toBe(true);
  });
});

describe('big-endian codec', () => {
  it.each([
    [16, Int16Array.of(-2, 258)],
    [32, Int32Array.of(-2, 16909060)],
    [-32, Float32Array.of(1.5, -Infinity)],
    [-64, Float64Array.of(Math.PI, -0)],
    [64, BigInt64Array.of(-2n, 72623859790382856n)],
  ] as const)(
    'BITPIX %i decodes what it encodes, most significant byte first',
    (bitpix, values) => {
      const bytes = encodeBigEndian(values);
      expect(Array.from(decodeBigEndian(bytes, bitpix) as ArrayLike<unknown>)).toEqual(
        Array.from(values as ArrayLike<unknown>),
      );
    },
  );

  it('puts the most significant byte first', () => {
    expect(Array.from(encodeBigEndian(Int16Array.of(258)))).toEqual([1, 2]);
    expect(Array.from(encodeBigEndian(BigInt64Array.of(0x0102030405060708n)))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });
});
