import { describe, expect, it } from 'vitest';
import type { Isophote } from './isophote.js';
import { cleanedBy } from './source-extractor-clean.js';

/** A round isophote of semi-axis `a` at (x, y). */
function isophote(
  x: number,
  y: number,
  flux: number,
  area: number,
  a: number,
  peakMargin: number,
): Isophote {
  return {
    area,
    flux,
    x,
    y,
    ellipse: { a, b: a, cxx: 1 / (a * a), cyy: 1 / (a * a), cxy: 0 },
    abcor: 1,
    peakMargin,
    lastRow: Math.round(y + a),
  };
}

// A bright star whose profile model is 8.9 ADU 6 px away: amplitude 10000 / (2·4π) = 398 ADU,
// α = (398/10 − 1)·4π/100 = 4.88, and 398 / (1 + α·36/4) = 8.87.
const bright = isophote(50, 50, 10_000, 100, 2, 300);
const THRESHOLD = 10;

describe("cleanedBy (source-extractor's CLEAN)", () => {
  it('absorbs a faint detection that the bright neighbour’s wings explain', () => {
    expect(Array.from(cleanedBy([bright, isophote(56, 50, 60, 6, 1, 5)], THRESHOLD))).toEqual([
      -1, 0,
    ]);
  });

  it('keeps a detection that rises above the wings, or lies outside the cleaning zone', () => {
    expect(Array.from(cleanedBy([bright, isophote(56, 50, 60, 6, 1, 12)], THRESHOLD))).toEqual([
      -1, -1,
    ]);
    // The zone is 10 × (2 + 1) px.
    expect(Array.from(cleanedBy([bright, isophote(81, 50, 60, 6, 1, 0.01)], THRESHOLD))).toEqual([
      -1, -1,
    ]);
  });

  it('only absorbs into a brighter object, and leaves isophotes under the minimum area alone', () => {
    // Each one's wings explain the other's peak here; only the fainter one goes.
    const shallow = { ...bright, peakMargin: 0.5 };
    const neighbour = isophote(56, 50, 9_000, 100, 2, 0.5);
    expect(Array.from(cleanedBy([shallow, neighbour], THRESHOLD))).toEqual([-1, 0]);
    expect(Array.from(cleanedBy([neighbour, shallow], THRESHOLD))).toEqual([1, -1]);
    expect(Array.from(cleanedBy([bright, isophote(56, 50, 60, 4, 1, 0)], THRESHOLD))).toEqual([
      -1, -1,
    ]);
    const tinyBright = { ...bright, area: 4 };
    expect(Array.from(cleanedBy([tinyBright, isophote(56, 50, 60, 6, 1, 0)], THRESHOLD))).toEqual([
      -1, -1,
    ]);
  });

  it('names the brightest of several objects that could absorb it', () => {
    const brighter = isophote(44, 50, 20_000, 150, 2, 300);
    const faint = isophote(50, 53, 60, 6, 1, 0.5);
    expect(Array.from(cleanedBy([bright, faint, brighter], THRESHOLD))).toEqual([-1, 2, -1]);
  });
});
