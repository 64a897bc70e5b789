import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasCommand, requirePeer } from '../../../../test-support/external-tools.js';
import { readFitsImage, writeFits } from '../fits/index.js';
import { withFileSource } from '../io/index.js';
import { defaultMeshPx } from './background.js';
import { measureFrame, medianOf } from './measure-frame.js';
import { runSourceExtractor } from './source-extractor.js';
import { SourceExtractorBackground } from './source-extractor-background.js';
import { randomStarField, renderSyntheticFrame } from './synthetic-frame.js';
import type { AnalysisImage } from './types.js';

const hasSourceExtractor = (): boolean =>
  requirePeer('source-extractor', hasCommand('source-extractor', ['-v']));
const compFits = new URL('../../../../fixtures/real/comp.fits', import.meta.url);

/** The astropy photographic plate of NGC 1316 (undersampled stars on a galaxy halo), first plane. */
async function readPlate(): Promise<AnalysisImage> {
  const { value } = await withFileSource(fileURLToPath(compFits), (source) =>
    readFitsImage(source),
  );
  return {
    width: value.width,
    height: value.height,
    data: (value.data as Float32Array).subarray(0, value.width * value.height),
  };
}

/** Writes `image` as plain float FITS (source-extractor cannot read tile compression) and runs it. */
async function withSourceExtractor<T>(
  image: AnalysisImage,
  extra: string[],
  use: (result: Awaited<ReturnType<typeof runSourceExtractor>>, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'astro-sex-test-'));
  try {
    const path = join(dir, 'frame.fits');
    const axes = [image.width, image.height];
    await writeFile(
      path,
      writeFits([{ cards: [], image: { bitpix: -32, axes, data: Float32Array.from(image.data) } }]),
    );
    const meshPx = String(defaultMeshPx(image.width, image.height));
    return await use(
      await runSourceExtractor(path, { extra: ['-BACK_SIZE', meshPx, ...extra] }),
      dir,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** hfrMethod 'source-extractor' and FLUX_RADIUS on the stars both measure cleanly. */
async function starByStar(image: AnalysisImage): Promise<Array<{ ours: number; theirs: number }>> {
  const ours = measureFrame(image, {
    keepStars: true,
    saturationAdu: Infinity,
    hfrMethod: 'source-extractor',
  }).stars!.filter((star) => star.flags === 0 && star.snr >= 20);
  return withSourceExtractor(image, [], async ({ stars }) =>
    ours.flatMap((star) => {
      const match = stars.find(
        (other) => other.flags === 0 && Math.hypot(other.x - star.x, other.y - star.y) < 1.5,
      );
      return match ? [{ ours: star.hfrPx, theirs: match.fluxRadiusPx }] : [];
    }),
  );
}

describe('agreement with source-extractor', () => {
  it.skipIf(!hasSourceExtractor())(
    'median HFR within 3 % of FLUX_RADIUS and the same stars on a synthetic frame',
    async () => {
      const size = 384;
      const stars = randomStarField({
        width: size,
        height: size,
        count: 60,
        fluxMin: 20_000,
        fluxMax: 300_000,
        seed: 21,
        marginPx: 20,
        minSeparationPx: 16,
      });
      const { data } = renderSyntheticFrame({
        width: size,
        height: size,
        stars,
        sigmaPx: 2.2,
        skyAdu: 900,
        readNoiseE: 3,
        gainEPerAdu: 1,
        seed: 22,
      });
      const dir = await mkdtemp(join(tmpdir(), 'astro-sex-test-'));
      try {
        const path = join(dir, 'frame.fits');
        await writeFile(
          path,
          writeFits([{ cards: [], image: { bitpix: 16, axes: [size, size], data, bzero: 32768 } }]),
        );
        const theirs = (await runSourceExtractor(path)).stars.filter((star) => star.flags === 0);
        const ours = (
          measureFrame({ width: size, height: size, data }, { keepStars: true }).stars ?? []
        ).filter((star) => star.flags === 0);
        const pairs = ours.flatMap((star) => {
          const match = theirs.find((other) => Math.hypot(other.x - star.x, other.y - star.y) < 1);
          return match ? [[star, match] as const] : [];
        });
        expect(pairs.length).toBeGreaterThanOrEqual(55);
        const oursHfr = medianOf(pairs.map(([star]) => star.hfrPx)) ?? 0;
        const theirHfr = medianOf(pairs.map(([, other]) => other.fluxRadiusPx)) ?? 0;
        expect(Math.abs(oursHfr / theirHfr - 1)).toBeLessThan(0.03);
        // Windowed centroids of bright stars agree to a few hundredths of a pixel.
        const offsets = pairs.map(([star, other]) =>
          Math.hypot(star.x - other.x, star.y - other.y),
        );
        expect(medianOf(offsets)).toBeLessThan(0.05);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!hasSourceExtractor())(
    "hfrMethod 'source-extractor' reproduces FLUX_RADIUS star by star on undersampled stars over a gradient",
    async () => {
      const size = 320;
      const stars = randomStarField({
        width: size,
        height: size,
        count: 70,
        fluxMin: 5_000,
        fluxMax: 200_000,
        seed: 31,
        marginPx: 16,
        minSeparationPx: 7,
      });
      const { data } = renderSyntheticFrame({
        width: size,
        height: size,
        stars,
        sigmaPx: 0.7,
        skyAdu: 600,
        readNoiseE: 3,
        gainEPerAdu: 1,
        seed: 32,
      });
      // A sky rising 300 ADU across the frame, which the mesh and its splines must follow.
      const sloped = Float32Array.from(data, (value, i) => value + (300 * (i % size)) / size);
      const ratios = (await starByStar({ width: size, height: size, data: sloped })).map(
        (pair) => pair.ours / pair.theirs,
      );
      expect(ratios.length).toBeGreaterThanOrEqual(40);
      const close = ratios.filter((ratio) => Math.abs(ratio - 1) <= 0.01).length;
      expect(close / ratios.length).toBeGreaterThanOrEqual(0.95);
      expect(Math.abs((medianOf(ratios) ?? 0) - 1)).toBeLessThan(0.005);
    },
  );

  it.skipIf(!hasSourceExtractor())(
    "hfrMethod 'source-extractor' reproduces FLUX_RADIUS and its median on a real photographic plate",
    async () => {
      const pairs = await starByStar(await readPlate());
      expect(pairs.length).toBeGreaterThanOrEqual(15);
      const ratios = pairs.map((pair) => pair.ours / pair.theirs);
      const close = ratios.filter((ratio) => Math.abs(ratio - 1) <= 0.01).length;
      // Without source-extractor's CLEAN one star of 21 reads 7 % low (a faint detection next to
      // it is masked), and with a gap in the middle of the 21 values the median moves by 5 %.
      expect(close / ratios.length).toBeGreaterThanOrEqual(0.95);
      expect(Math.abs((medianOf(ratios) ?? 0) - 1)).toBeLessThan(0.005);
      const ours = medianOf(pairs.map((pair) => pair.ours)) ?? 0;
      const theirs = medianOf(pairs.map((pair) => pair.theirs)) ?? 0;
      expect(Math.abs(ours / theirs - 1)).toBeLessThan(0.03);
    },
  );

  it.skipIf(!hasSourceExtractor())(
    'the source-extractor background equals its BACKGROUND check image',
    async () => {
      const plate = await readPlate();
      const dir = await mkdtemp(join(tmpdir(), 'astro-sex-bg-'));
      try {
        const checkPath = join(dir, 'background.fits');
        await withSourceExtractor(
          plate,
          ['-CHECKIMAGE_TYPE', 'BACKGROUND', '-CHECKIMAGE_NAME', checkPath],
          async () => undefined,
        );
        const { value: theirs } = await withFileSource(checkPath, (source) =>
          readFitsImage(source),
        );
        const ours = new SourceExtractorBackground(plate, defaultMeshPx(plate.width, plate.height));
        let worst = 0;
        for (let y = 0; y < plate.height; y++)
          for (let x = 0; x < plate.width; x++)
            worst = Math.max(
              worst,
              Math.abs(ours.at(x, y) - (theirs.data[y * plate.width + x] as number)),
            );
        // Single-precision arithmetic in source-extractor; the sky noise here is 7 ADU.
        expect(worst).toBeLessThan(0.01);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
