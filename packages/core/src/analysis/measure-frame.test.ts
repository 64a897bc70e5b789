import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { clippingLevel, measureFrame } from './measure-frame.js';
import { randomStarField, renderSyntheticFrame, type TrueStar } from './synthetic-frame.js';
import { StarFlag, type Star } from './types.js';

const SIZE = 512;

function frame(
  sigmaPx: number,
  skyAdu: number,
  options: { count?: number; fluxMin?: number; seed?: number } = {},
) {
  const stars = randomStarField({
    width: SIZE,
    height: SIZE,
    count: options.count ?? Math.round(110 / sigmaPx),
    fluxMin: options.fluxMin ?? 4000 * sigmaPx,
    fluxMax: 300_000,
    seed: options.seed ?? 7,
    marginPx: 20,
    minSeparationPx: 7 * sigmaPx,
  });
  return renderSyntheticFrame({
    width: SIZE,
    height: SIZE,
    stars,
    sigmaPx,
    skyAdu,
    readNoiseE: 3,
    gainEPerAdu: 1,
    seed: 100 + skyAdu,
  });
}

function nearest(
  star: { x: number; y: number },
  others: Array<{ x: number; y: number }>,
  within = 2,
) {
  let best: { x: number; y: number } | undefined;
  let bestDistance = within;
  for (const other of others) {
    const distance = Math.hypot(other.x - star.x, other.y - star.y);
    if (distance < bestDistance) [best, bestDistance] = [other, distance];
  }
  return best;
}

describe('measureFrame accuracy on pixel-integrated Gaussian stars', () => {
  for (const sigmaPx of [1, 2, 3, 4]) {
    for (const skyAdu of [200, 5000]) {
      it(`median HFR and FWHM within 2 % of the truth for σ=${sigmaPx}, sky=${skyAdu}`, () => {
        const { data, truth } = frame(sigmaPx, skyAdu);
        const result = measureFrame({ width: SIZE, height: SIZE, data }, { gainEPerAdu: 1 });
        const trueHfr = 1.1774 * Math.sqrt(sigmaPx * sigmaPx + 1 / 12);
        expect(truth[0]?.hfrPx).toBeCloseTo(trueHfr, 10);
        expect(result.starCount).toBeGreaterThan(truth.length * 0.9);
        expect(Math.abs((result.hfrPx ?? 0) / trueHfr - 1)).toBeLessThan(0.02);
        expect(
          Math.abs((result.fwhmPx ?? 0) / (2.3548 * Math.sqrt(sigmaPx * sigmaPx + 1 / 12)) - 1),
        ).toBeLessThan(0.02);
        expect(result.eccentricity).toBeLessThan(0.2);
        expect(Math.abs(result.backgroundAdu - skyAdu)).toBeLessThan(0.1 * result.noiseAdu);
        expect(result.noiseAdu).toBeCloseTo(Math.sqrt(skyAdu + 9), -0.5);
      });
    }
  }

  it('keeps the median HFR within 2 % when the sky gets 10× brighter', () => {
    for (const sigmaPx of [1.5, 3]) {
      const dim = frame(sigmaPx, 400);
      const bright = frame(sigmaPx, 4000);
      const a = measureFrame({ width: SIZE, height: SIZE, data: dim.data }).hfrPx ?? 0;
      const b = measureFrame({ width: SIZE, height: SIZE, data: bright.data }).hfrPx ?? 0;
      expect(a).toBeGreaterThan(0);
      expect(Math.abs(b / a - 1)).toBeLessThan(0.02);
    }
  });

  it('finds ≥ 95 % of the stars with SNR ≥ 10 and ≤ 2 % false detections', () => {
    let recalled = 0;
    let eligible = 0;
    let detected = 0;
    let falses = 0;
    for (const sigmaPx of [1.5, 3]) {
      // Fluxes reach down to SNR ≈ 3 so the threshold is really exercised.
      const { data, truth } = frame(sigmaPx, 1000, { count: 150, fluxMin: 150 * sigmaPx, seed: 3 });
      const stars =
        measureFrame({ width: SIZE, height: SIZE, data }, { keepStars: true }).stars ?? [];
      const bright = truth.filter((star) => star.snr >= 10);
      expect(truth.length - bright.length).toBeGreaterThan(10);
      eligible += bright.length;
      recalled += bright.filter((star) => nearest(star, stars)).length;
      detected += stars.length;
      falses += stars.filter((star) => !nearest(star, truth)).length;
    }
    expect(recalled / eligible).toBeGreaterThanOrEqual(0.95);
    expect(falses / detected).toBeLessThanOrEqual(0.02);
  });

  it('centroids stars with SNR ≥ 50 to ≤ 0.05 px RMS, at the Cramér–Rao bound for wide stars', () => {
    for (const sigmaPx of [1, 2, 3, 4]) {
      const { data, truth } = frame(sigmaPx, 1000);
      const stars =
        measureFrame({ width: SIZE, height: SIZE, data }, { keepStars: true, gainEPerAdu: 1 })
          .stars ?? [];
      let squared = 0;
      let normalised = 0;
      let count = 0;
      for (const star of truth.filter((t) => t.snr >= 50)) {
        const found = nearest(star, stars) as Star | undefined;
        expect(found).toBeDefined();
        if (!found) continue;
        const error2 = (found.x - star.x) ** 2 + (found.y - star.y) ** 2;
        squared += error2 / 2;
        // Per-axis bound for a Gaussian PSF: √2·σ/SNR (this population's SNR reaches down to 50).
        normalised +=
          (error2 / 2 / (2 * (star.sigmaPx * star.sigmaPx + 1 / 12))) * star.snr * star.snr;
        count++;
      }
      expect(count).toBeGreaterThan(10);
      expect(Math.sqrt(normalised / count)).toBeLessThan(1.3);
      if (sigmaPx <= 3) expect(Math.sqrt(squared / count)).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('measureFrame flags and special frames', () => {
  it('flags saturated and edge stars, keeps them out of the medians, and ignores hot pixels', () => {
    const stars = [
      { x: 100.2, y: 100.7, flux: 4_000_000 },
      { x: 1.5, y: 200.3, flux: 60_000 },
      ...randomStarField({
        width: SIZE,
        height: SIZE,
        count: 30,
        fluxMin: 20_000,
        fluxMax: 80_000,
        seed: 9,
        marginPx: 140,
        minSeparationPx: 14,
      }),
    ];
    const { data } = renderSyntheticFrame({
      width: SIZE,
      height: SIZE,
      stars,
      sigmaPx: 2,
      skyAdu: 800,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 4,
      hotPixelCount: 40,
      hotPixelAdu: 30000,
    });
    const result = measureFrame({ width: SIZE, height: SIZE, data }, { keepStars: true });
    const found = result.stars ?? [];
    const saturated = nearest(stars[0]!, found) as Star;
    const edge = nearest(stars[1]!, found) as Star;
    expect(saturated.flags & 1).toBe(1);
    expect(edge.flags & 2).toBe(2);
    expect(result.saturatedFraction).toBeGreaterThan(0);
    expect(result.saturatedFraction).toBeLessThan(0.01);
    // 30 field stars + the two flagged ones; none of the 40 hot pixels.
    expect(found.length).toBe(32);
    expect(Math.abs((result.hfrPx ?? 0) / (1.1774 * Math.sqrt(4 + 1 / 12)) - 1)).toBeLessThan(0.02);
  });

  it('finds the clipping level of data without a known saturation and flags clipped stars', () => {
    const { data } = renderSyntheticFrame({
      width: 128,
      height: 128,
      stars: [
        { x: 40.2, y: 50.6, flux: 400_000 },
        { x: 90.7, y: 80.1, flux: 20_000 },
      ],
      sigmaPx: 2,
      skyAdu: 500,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 3,
    });
    const clipped = Float32Array.from(data, (value) => Math.min(value, 6000));
    expect(clippingLevel({ width: 128, height: 128, data: clipped })).toBe(6000);
    expect(clippingLevel({ width: 128, height: 128, data: Float32Array.from(data) })).toBe(
      Infinity,
    );
    const stars =
      measureFrame({ width: 128, height: 128, data: clipped }, { keepStars: true }).stars ?? [];
    expect(stars.map((star) => star.flags & 1).sort()).toEqual([0, 1]);
  });

  it('splits touching stars and flags them as blended', () => {
    const pair = [
      { x: 60.3, y: 64.2, flux: 60_000 },
      { x: 67.1, y: 66.9, flux: 40_000 },
    ];
    const { data } = renderSyntheticFrame({
      width: 128,
      height: 128,
      stars: pair,
      sigmaPx: 2,
      skyAdu: 500,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 12,
    });
    const found = measureFrame({ width: 128, height: 128, data }, { keepStars: true }).stars ?? [];
    expect(found).toHaveLength(2);
    for (const star of pair) {
      const match = nearest(star, found, 0.4) as Star | undefined;
      expect(match?.flags).toBe(4);
    }
  });

  it('measures elongated stars: eccentricity and position angle', () => {
    const stars = randomStarField({
      width: 256,
      height: 256,
      count: 12,
      fluxMin: 80_000,
      fluxMax: 120_000,
      seed: 2,
      marginPx: 30,
      minSeparationPx: 30,
    }).map((star) => ({ ...star, sigmaPx: 3, sigmaMinorPx: 2, thetaDeg: 30 }));
    const { data } = renderSyntheticFrame({
      width: 256,
      height: 256,
      stars,
      sigmaPx: 3,
      skyAdu: 500,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 8,
    });
    const result = measureFrame({ width: 256, height: 256, data }, { keepStars: true });
    const expected = Math.sqrt(1 - (4 + 1 / 12) / (9 + 1 / 12));
    expect(result.eccentricity).toBeCloseTo(expected, 1);
    expect(Math.abs((result.eccentricity ?? 0) - expected)).toBeLessThan(0.03);
    for (const star of result.stars ?? []) expect(Math.abs(star.thetaDeg - 30)).toBeLessThan(3);
  });

  it('measures a Bayer frame on 2×2 super-pixels and reports original-pixel positions and sizes', () => {
    const width = 512;
    const stars = randomStarField({
      width,
      height: width,
      count: 40,
      fluxMin: 50_000,
      fluxMax: 200_000,
      seed: 5,
      marginPx: 24,
      minSeparationPx: 24,
    });
    const { data, truth } = renderSyntheticFrame({
      width,
      height: width,
      stars,
      sigmaPx: 3,
      skyAdu: 600,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 6,
    });
    // RGGB colour response: red and blue pixels see a fraction of the light.
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        const factor = y % 2 === 0 ? (x % 2 === 0 ? 0.5 : 1) : x % 2 === 0 ? 1 : 0.7;
        data[y * width + x] = Math.round((data[y * width + x] as number) * factor);
      }
    }
    const result = measureFrame(
      { width, height: width, data },
      { bayerPattern: 'RGGB', keepStars: true },
    );
    expect(result.channel).toBe('superpixel');
    expect(result.starCount).toBe(40);
    // 2×2 binning adds (2 px)²/12 of pixel variance instead of 1/12.
    expect(Math.abs((result.hfrPx ?? 0) / (1.1774 * Math.sqrt(9 + 4 / 12)) - 1)).toBeLessThan(0.02);
    for (const star of truth as TrueStar[]) {
      const found = nearest(star, result.stars ?? [], 0.5);
      expect(found).toBeDefined();
    }
    const green = measureFrame(
      { width, height: width, data },
      { bayerPattern: 'rggb', colourChannel: 'green' },
    );
    expect(green.channel).toBe('green');
    expect(green.starCount).toBe(40);
  });

  it('converts to arcseconds from pixel size and focal length', () => {
    const { data } = frame(2, 500);
    const result = measureFrame(
      { width: SIZE, height: SIZE, data },
      { pixelSizeUm: 3.76, focalLengthMm: 530 },
    );
    expect(result.pixelScaleArcsecPerPx).toBeCloseTo(1.4634, 3);
    expect(result.hfrArcsec).toBeCloseTo((result.hfrPx ?? 0) * 1.4634, 3);
    expect(result.fwhmArcsec).toBeCloseTo((result.fwhmPx ?? 0) * 1.4634, 3);
    expect(measureFrame({ width: SIZE, height: SIZE, data }).hfrArcsec).toBeNull();
  });

  it('flags sources much wider than the stars as extended and keeps them out of the medians', () => {
    const stars = randomStarField({
      width: SIZE,
      height: SIZE,
      count: 40,
      fluxMin: 20_000,
      fluxMax: 200_000,
      seed: 12,
      marginPx: 30,
      minSeparationPx: 30,
    });
    // Every fourth source is a small galaxy, 3× as wide as the stars.
    const sources = stars.map((star, index) =>
      index % 4 === 0 ? { ...star, sigmaPx: 4.5 } : star,
    );
    const { data } = renderSyntheticFrame({
      width: SIZE,
      height: SIZE,
      stars: sources,
      sigmaPx: 1.5,
      skyAdu: 500,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 13,
    });
    const result = measureFrame({ width: SIZE, height: SIZE, data }, { keepStars: true });
    const extended = (result.stars ?? []).filter((star) => star.flags & StarFlag.EXTENDED);
    expect(extended).toHaveLength(10);
    for (const star of extended)
      expect(nearest(star, sources)?.x).toBe(
        nearest(
          star,
          sources.filter((_, i) => i % 4 === 0),
        )?.x,
      );
    expect(
      Math.abs((result.hfrPx ?? 0) / (1.1774 * Math.sqrt(1.5 ** 2 + 1 / 12)) - 1),
    ).toBeLessThan(0.02);
  });

  it('leaves blank (NaN) pixels out instead of losing the stars around them', () => {
    const { data, truth } = frame(2, 500, { count: 30 });
    const clean = measureFrame({ width: SIZE, height: SIZE, data });
    const blanked = Float32Array.from(data);
    // A blank pixel 4 px from every star, inside its aperture and sky annulus.
    for (const star of truth) blanked[Math.round(star.y) * SIZE + Math.round(star.x) + 4] = NaN;
    const result = measureFrame({ width: SIZE, height: SIZE, data: blanked }, { keepStars: true });
    expect(result.starCount).toBe(clean.starCount);
    expect(Math.abs((result.hfrPx ?? 0) / (clean.hfrPx ?? 1) - 1)).toBeLessThan(0.01);
    for (const star of result.stars ?? []) expect(Number.isFinite(star.skyAdu)).toBe(true);
  });

  it('returns null medians for an empty sky, and is cancellable before and during the work', () => {
    const { data } = renderSyntheticFrame({
      width: 256,
      height: 256,
      stars: [],
      sigmaPx: 2,
      skyAdu: 500,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 1,
    });
    const empty = measureFrame({ width: 256, height: 256, data });
    expect(empty.starCount).toBeLessThanOrEqual(1);
    const controller = new AbortController();
    controller.abort();
    expect(() =>
      measureFrame({ width: 256, height: 256, data }, { signal: controller.signal }),
    ).toThrow(expect.objectContaining({ code: 'ABORTED' }));
    let checks = 0;
    const lateSignal = {
      get aborted() {
        return ++checks > 2;
      },
      reason: 'stop',
    } as unknown as AbortSignal;
    try {
      measureFrame({ width: 256, height: 256, data }, { signal: lateSignal });
      expect.unreachable();
    } catch (error) {
      expect(isAstroError(error, 'ABORTED')).toBe(true);
    }
    expect(checks).toBeGreaterThan(2);
  });
});
