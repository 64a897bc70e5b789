/**
 * Compares our median HFR with source-extractor's FLUX_RADIUS (PHOT_FLUXFRAC 0.5) on the synthetic
 * acceptance frames and on the real FITS fixtures, and prints a table of the differences.
 *
 *   npx tsx scripts/compare-sextractor.ts [--size 1024]
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureFrame, type Star } from '../packages/core/src/analysis/index.js';
import {
  runSourceExtractor,
  type SourceExtractorStar,
} from '../packages/core/src/analysis/source-extractor.js';
import { readFitsImage, writeFits } from '../packages/core/src/fits/index.js';
import { withFileSource } from '../packages/core/src/io/index.js';
import { medianOf, syntheticSuite } from './analysis/synthetic-suite.js';

const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1024;
const pct = (a: number, b: number): string =>
  Number.isFinite(a) && Number.isFinite(b) ? `${(((a - b) / b) * 100).toFixed(2)} %` : 'n/a';
const fmt = (value: number): string => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');

/** Pairs our unflagged stars with source-extractor's unflagged ones within 1.5 px. */
function matchStars(
  ours: Star[],
  theirs: SourceExtractorStar[],
): Array<[Star, SourceExtractorStar]> {
  const pairs: Array<[Star, SourceExtractorStar]> = [];
  const sorted = [...theirs].sort((a, b) => a.x - b.x);
  for (const star of ours) {
    if (star.flags !== 0) continue;
    let best: SourceExtractorStar | undefined;
    let bestDistance = 1.5;
    for (const other of sorted) {
      if (other.x < star.x - 1.5) continue;
      if (other.x > star.x + 1.5) break;
      const distance = Math.hypot(other.x - star.x, other.y - star.y);
      if (distance < bestDistance && other.flags === 0) [best, bestDistance] = [other, distance];
    }
    if (best) pairs.push([star, best]);
  }
  return pairs;
}

const dir = await mkdtemp(join(tmpdir(), 'astro-compare-'));
const rows: string[][] = [
  [
    'frame',
    'stars us/SE/matched',
    'truth HFR',
    'our HFR',
    'SE FLUX_RADIUS',
    'us vs truth',
    'us vs SE',
    'SE vs truth',
  ],
];
let worstTruth = 0;
let worstSe = 0;
try {
  for (const frame of syntheticSuite(size)) {
    const path = join(dir, 'frame.fits');
    await writeFile(
      path,
      writeFits([
        {
          cards: [],
          image: { bitpix: 16, axes: [frame.width, frame.height], data: frame.data, bzero: 32768 },
        },
      ]),
    );
    const ours = measureFrame(
      { width: frame.width, height: frame.height, data: frame.data },
      { keepStars: true, gainEPerAdu: 1 },
    );
    const se = await runSourceExtractor(path);
    const pairs = matchStars(ours.stars ?? [], se.stars).filter(([star]) => star.snr >= 20);
    const oursHfr = medianOf(pairs.map(([star]) => star.hfrPx));
    const seHfr = medianOf(pairs.map(([, other]) => other.fluxRadiusPx));
    const truth = frame.truth[0]?.hfrPx ?? Number.NaN;
    worstTruth = Math.max(worstTruth, Math.abs((ours.hfrPx ?? Number.NaN) / truth - 1));
    worstSe = Math.max(worstSe, Math.abs(oursHfr / seHfr - 1));
    rows.push([
      frame.name,
      `${ours.starCount}/${se.stars.length}/${pairs.length}`,
      fmt(truth),
      fmt(ours.hfrPx ?? Number.NaN),
      fmt(seHfr),
      pct(ours.hfrPx ?? Number.NaN, truth),
      pct(oursHfr, seHfr),
      pct(seHfr, truth),
    ]);
  }
  const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'real');
  for (const name of (await readdir(fixtureDir).catch(() => [] as string[]))
    .filter((file) => file.endsWith('.fits') || file.endsWith('.fz'))
    .sort()) {
    const path = join(fixtureDir, name);
    try {
      const { value: image } = await withFileSource(path, (source) => readFitsImage(source));
      if (image.width < 32 || image.height < 32 || image.data instanceof BigInt64Array) continue;
      const data =
        image.planes > 1 ? image.data.subarray(0, image.width * image.height) : image.data;
      const ours = measureFrame(
        { width: image.width, height: image.height, data },
        { keepStars: true, saturationAdu: Infinity },
      );
      // source-extractor cannot read tile-compressed files: give it our decoded pixels as plain FITS.
      const plain = join(dir, 'real.fits');
      await writeFile(
        plain,
        writeFits([
          {
            cards: [],
            image: {
              bitpix: -32,
              axes: [image.width, image.height],
              data: Float32Array.from(data),
            },
          },
        ]),
      );
      const se = await runSourceExtractor(plain);
      const pairs = matchStars(ours.stars ?? [], se.stars).filter(([star]) => star.snr >= 20);
      const oursHfr = medianOf(pairs.map(([star]) => star.hfrPx));
      const seHfr = medianOf(pairs.map(([, other]) => other.fluxRadiusPx));
      if (pairs.length >= 5) worstSe = Math.max(worstSe, Math.abs(oursHfr / seHfr - 1));
      // Stars whose FWHM both tools agree on (±20 %) are isolated: no halo or neighbour in SE's Kron aperture.
      const isolated = pairs.filter(
        ([star, other]) => Math.abs(other.fwhmPx / star.fwhmPx - 1) < 0.2,
      );
      const isolatedHfr = medianOf(isolated.map(([star]) => star.hfrPx));
      const isolatedNote = `isolated: ${pct(isolatedHfr, medianOf(isolated.map(([, other]) => other.fluxRadiusPx)))} (${isolated.length})`;
      rows.push([
        `real ${name}`,
        `${ours.starCount}/${se.stars.length}/${pairs.length}`,
        '-',
        fmt(oursHfr),
        fmt(seHfr),
        '-',
        pct(oursHfr, seHfr),
        isolatedNote,
      ]);
    } catch (error) {
      rows.push([
        `real ${name}`,
        `skipped: ${(error as Error).message.slice(0, 60)}`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const widths = rows[0]!.map((_, column) =>
  Math.max(...rows.map((row) => (row[column] ?? '').length)),
);
for (const row of rows)
  console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
console.log(`\nworst |median HFR − truth|: ${(worstTruth * 100).toFixed(2)} % (target ≤ 2 %)`);
console.log(
  `worst |median HFR − source-extractor| (matched stars, SNR ≥ 20): ${(worstSe * 100).toFixed(2)} % (target ≤ 3 %)`,
);
