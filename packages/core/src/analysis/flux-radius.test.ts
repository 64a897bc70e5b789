import { describe, expect, it } from 'vitest';
import { AstroError } from '../errors/index.js';
import { fluxRadius } from './flux-radius.js';
import { gaussianKernel } from './matched-filter.js';
import { measureFrame } from './measure-frame.js';
import { SourceExtractorBackground } from './source-extractor-background.js';
import { randomStarField, renderSyntheticFrame } from './synthetic-frame.js';

const kernel = gaussianKernel(1.5);
const flatSky = { at: () => 0 };

/** A noise-free image of pixel-integrated Gaussians (σ px) on a zero sky. */
function gaussians(size: number, sigma: number, centres: Array<[number, number, number]>) {
  const data = new Float32Array(size * size);
  const edge = (t: number): number => 0.5 * (1 + erf(t / (Math.SQRT2 * sigma)));
  for (const [cx, cy, flux] of centres)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const fx = edge(x + 0.5 - cx) - edge(x - 0.5 - cx);
        const fy = edge(y + 0.5 - cy) - edge(y - 0.5 - cy);
        data[y * size + x] = (data[y * size + x] as number) + flux * fx * fy;
      }
  return { width: size, height: size, data };
}

// Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): plenty for rendering test stars.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const at = (x: number, y: number) => ({ x, y });

describe('fluxRadius (source-extractor FLUX_RADIUS)', () => {
  it('reads 1.1774·√(σ² + 1/6): each pixel spread over its square once more', () => {
    for (const sigma of [0.7, 1, 2, 3]) {
      const image = gaussians(64, sigma, [[31.3, 32.6, 1e5]]);
      const radius = fluxRadius(image, at(31.3, 32.6), { sky: flatSky, isophoteAdu: 5, kernel });
      expect(radius / (1.1774 * Math.sqrt(sigma * sigma + 1 / 6)) - 1).toBeLessThan(0.01);
      expect(radius / (1.1774 * Math.sqrt(sigma * sigma + 1 / 6)) - 1).toBeGreaterThan(-0.01);
    }
  });

  it("replaces a neighbour's isophote by the mirror image through the star", () => {
    const alone = gaussians(64, 1.5, [[30, 32, 1e5]]);
    const paired = gaussians(64, 1.5, [
      [30, 32, 1e5],
      [40, 32, 3e5],
    ]);
    const context = { sky: flatSky, isophoteAdu: 1000, kernel };
    const single = fluxRadius(alone, at(30, 32), context);
    expect(Math.abs(fluxRadius(paired, at(30, 32), context) / single - 1)).toBeLessThan(0.01);
    // Without the isophote split (a threshold low enough to merge both) the neighbour counts.
    expect(fluxRadius(paired, at(30, 32), { ...context, isophoteAdu: 0.01 })).toBeGreaterThan(
      1.2 * single,
    );
  });

  it('is NaN where nothing rises above the isophote', () => {
    const image = gaussians(32, 1, [[16, 16, 100]]);
    expect(fluxRadius(image, at(16, 16), { sky: flatSky, isophoteAdu: 1e6, kernel })).toBeNaN();
  });
});

describe('measureFrame hfrMethod', () => {
  const size = 256;
  const stars = randomStarField({
    width: size,
    height: size,
    count: 40,
    fluxMin: 20_000,
    fluxMax: 200_000,
    seed: 5,
    marginPx: 16,
    minSeparationPx: 14,
  });
  const { data } = renderSyntheticFrame({
    width: size,
    height: size,
    stars,
    sigmaPx: 0.7,
    skyAdu: 800,
    readNoiseE: 3,
    gainEPerAdu: 1,
    seed: 6,
  });
  const image = { width: size, height: size, data };

  it('defaults to the sampled half-flux radius and only changes hfrPx', () => {
    const byDefault = measureFrame(image, { keepStars: true });
    const sampled = measureFrame(image, { keepStars: true, hfrMethod: 'sampled' });
    const se = measureFrame(image, { keepStars: true, hfrMethod: 'source-extractor' });
    expect(byDefault.hfrPx).toBe(sampled.hfrPx);
    expect(se.starCount).toBe(sampled.starCount);
    expect(se.fwhmPx).toBe(sampled.fwhmPx);
    // σ = 0.7 px: source-extractor's pixel model reads ~5 % above the sampled radius.
    expect((se.hfrPx ?? 0) / (sampled.hfrPx ?? 1)).toBeGreaterThan(1.03);
    expect((se.hfrPx ?? 0) / (sampled.hfrPx ?? 1)).toBeLessThan(1.08);
  });
});

describe('SourceExtractorBackground', () => {
  it('finds a flat sky and its noise, and fills meshes with no usable pixels', () => {
    const size = 200;
    const data = new Float32Array(size * size);
    let seed = 1;
    const uniform = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) as number;
    for (let i = 0; i < data.length; i++) {
      // Box–Muller normal noise, σ = 10, on a sky of 1000.
      data[i] = 1000 + 10 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    }
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) data[y * size + x] = Number.NaN;
    const background = new SourceExtractorBackground({ width: size, height: size, data }, 64);
    expect(Math.abs(background.noiseAdu - 10)).toBeLessThan(0.5);
    for (const [x, y] of [
      [5, 5],
      [100, 100],
      [199, 150],
    ] as const)
      expect(Math.abs(background.at(x, y) - 1000)).toBeLessThan(1);
  });

  it('refuses an image its data does not fill', () => {
    expect(
      () => new SourceExtractorBackground({ width: 10, height: 10, data: new Float32Array(5) }, 4),
    ).toThrow(AstroError);
  });
});
