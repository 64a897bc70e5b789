import { describe, expect, it } from 'vitest';
import { describeIsophote } from './isophote.js';

/** A `width`-wide patch whose listed pixels hold the given values (filtered = unfiltered). */
function patch(width: number, pixels: Array<[number, number, number]>) {
  const values = new Float32Array(width * width);
  const indices = pixels.map(([x, y, value]) => {
    values[y * width + x] = value;
    return y * width + x;
  });
  return { values, indices };
}

describe('describeIsophote', () => {
  it('gives flux, area, barycentre, a round ellipse and the last row of a symmetric isophote', () => {
    const { values, indices } = patch(8, [
      [3, 2, 10],
      [2, 3, 10],
      [3, 3, 40],
      [4, 3, 10],
      [3, 4, 10],
    ]);
    const isophote = describeIsophote(indices, values, values, 8, 5, 5);
    expect(isophote.area).toBe(5);
    expect(isophote.flux).toBe(80);
    expect(isophote.x).toBeCloseTo(3, 12);
    expect(isophote.y).toBeCloseTo(3, 12);
    expect(isophote.ellipse.a).toBeCloseTo(isophote.ellipse.b, 6);
    // Variance 20/80 = 0.25 px² along each axis.
    expect(isophote.ellipse.a).toBeCloseTo(0.5, 6);
    expect(isophote.ellipse.cxx).toBeCloseTo(4, 5);
    expect(isophote.ellipse.cxy).toBeCloseTo(0, 6);
    expect(isophote.lastRow).toBe(4);
    expect(isophote.abcor).toBeGreaterThan(0);
    expect(isophote.abcor).toBeLessThanOrEqual(1);
  });

  it("takes the minArea-th highest value above the isophote the way source-extractor's heap does", () => {
    const row = (values: number[]) =>
      patch(
        16,
        values.map((value, x) => [x, 0, value]),
      );
    const margin = (values: number[]): number => {
      const { values: data, indices } = row(values);
      return describeIsophote(indices, data, data, 16, 1, 5).peakMargin;
    };
    // Exactly minArea pixels: the heap is never sorted, so the first pixel is taken.
    expect(margin([3, 9, 8, 7, 6])).toBe(2);
    // The pixel after the first minArea only triggers the sort and is never compared.
    expect(margin([3, 9, 8, 7, 6, 100])).toBe(2);
    // Every later pixel competes: the five highest besides that one are 50, 9, 8, 7, 6.
    expect(margin([3, 9, 8, 7, 6, 100, 50])).toBe(5);
  });
});
