import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand, requirePeer } from '../../../../test-support/external-tools.js';
import { writeFits } from '../fits/index.js';
import { measureFrame, medianOf } from './measure-frame.js';
import { runSourceExtractor } from './source-extractor.js';
import { randomStarField, renderSyntheticFrame } from './synthetic-frame.js';

describe('agreement with source-extractor', () => {
  it.skipIf(!requirePeer('source-extractor', hasCommand('source-extractor', ['-v'])))(
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
});
