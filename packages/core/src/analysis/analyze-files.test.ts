import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../fits/index.js';
import { analyzeFiles, type AnalyzeResult } from './analyze-files.js';
import { randomStarField, renderSyntheticFrame } from './synthetic-frame.js';

let dir: string;
const paths: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'astro-analyze-'));
  for (const [index, sigmaPx] of [1.5, 2.5, 3.5].entries()) {
    const stars = randomStarField({
      width: 256,
      height: 192,
      count: 25,
      fluxMin: 30_000,
      fluxMax: 200_000,
      seed: index + 1,
      marginPx: 20,
      minSeparationPx: 20,
    });
    const { data } = renderSyntheticFrame({
      width: 256,
      height: 192,
      stars,
      sigmaPx,
      skyAdu: 700,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: index,
    });
    const cards = [
      { keyword: 'XPIXSZ', value: 3.76 },
      { keyword: 'FOCALLEN', value: 530 },
    ];
    const path = join(dir, `light_${index}.fits`);
    await writeFile(
      path,
      writeFits([{ cards, image: { bitpix: 16, axes: [256, 192], data, bzero: 32768 } }]),
    );
    paths.push(path);
  }
  const broken = join(dir, 'broken.fits');
  await writeFile(broken, 'SIMPLE  =                    T'.padEnd(160, ' '));
  paths.push(broken);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(iterable: AsyncIterable<AnalyzeResult>): Promise<AnalyzeResult[]> {
  const results: AnalyzeResult[] = [];
  for await (const result of iterable) results.push(result);
  return results;
}

function checkResults(results: AnalyzeResult[]): void {
  expect(results.map((result) => result.path).sort()).toEqual([...paths].sort());
  for (const [index, sigmaPx] of [1.5, 2.5, 3.5].entries()) {
    const result = results.find((r) => r.path === paths[index]);
    expect(result?.error).toBeUndefined();
    expect(result?.measurement?.starCount).toBe(25);
    expect(
      Math.abs((result?.measurement?.hfrPx ?? 0) / (1.1774 * Math.sqrt(sigmaPx ** 2 + 1 / 12)) - 1),
    ).toBeLessThan(0.02);
    // XPIXSZ 3.76 µm at 530 mm: 1.463″/px, taken from the header.
    expect(result?.measurement?.pixelScaleArcsecPerPx).toBeCloseTo(1.4634, 3);
  }
  const broken = results.find((r) => r.path.endsWith('broken.fits'));
  expect(broken?.measurement).toBeUndefined();
  expect(broken?.error?.code).toMatch(/^[A-Z_]+$/);
}

describe('analyzeFiles', () => {
  it('measures every file in this thread with workers: 0, reporting progress and per-file errors', async () => {
    const progress: number[] = [];
    const results = await collect(
      analyzeFiles(paths, { workers: 0, onProgress: ({ done }) => progress.push(done) }),
    );
    checkResults(results);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('measures on worker threads with the same results', async () => {
    // From source the worker needs a TypeScript loader; the built package ships worker.js.
    const bootstrap = join(dir, 'worker-bootstrap.mjs');
    const tsxApi = pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const workerSource = new URL('./worker.ts', import.meta.url).href;
    await writeFile(
      bootstrap,
      `import { register } from '${tsxApi}';\nregister();\nawait import('${workerSource}');\n`,
    );
    const results = await collect(
      analyzeFiles(paths, { workers: 2, workerUrl: pathToFileURL(bootstrap) }),
    );
    checkResults(results);
  });

  it('stops with ABORTED when cancelled', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const result of analyzeFiles(paths, { workers: 0, signal: controller.signal })) {
        seen.push(result.path);
        controller.abort();
      }
    }).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toHaveLength(1);
  });
});
