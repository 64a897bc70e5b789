/**
 * Frame-analysis benchmark: one 6248×4176 16-bit frame (26 MP) measured by us, by Debian's
 * source-extractor and by python3-sep in the same run, then frames/s over a folder with 2 workers.
 *
 *   npx tsx bench/analysis.ts [--frames 6] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFiles, loadFrame, measureFrame } from '../packages/core/src/analysis/index.js';
import { runSourceExtractor } from '../packages/core/src/analysis/source-extractor.js';
import {
  randomStarField,
  renderSyntheticFrame,
} from '../packages/core/src/analysis/synthetic-frame.js';
import { writeFits } from '../packages/core/src/fits/index.js';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const frameCount = argument('--frames', 6);
const runs = argument('--runs', 3);
const WIDTH = 6248;
const HEIGHT = 4176;
const cpuMs = (): number => process.cpuUsage().user / 1000;

const dir = await mkdtemp(join(tmpdir(), 'astro-bench-analysis-'));
try {
  console.log(
    `rendering ${frameCount} synthetic ${WIDTH}×${HEIGHT} 16-bit frames (σ 1.6–2.4 px, ~4000 stars each)…`,
  );
  const paths: string[] = [];
  for (let k = 0; k < frameCount; k++) {
    const stars = randomStarField({
      width: WIDTH,
      height: HEIGHT,
      count: 4000,
      fluxMin: 1500,
      fluxMax: 600_000,
      seed: 100 + k,
      marginPx: 8,
    });
    const { data } = renderSyntheticFrame({
      width: WIDTH,
      height: HEIGHT,
      stars,
      sigmaPx: 1.6 + (0.8 * k) / Math.max(1, frameCount - 1),
      skyAdu: 900,
      readNoiseE: 3.5,
      gainEPerAdu: 1,
      seed: k,
      biasAdu: 300,
    });
    const path = join(dir, `frame_${k}.fits`);
    await writeFile(
      path,
      writeFits([
        {
          cards: [
            { keyword: 'XPIXSZ', value: 3.76 },
            { keyword: 'FOCALLEN', value: 530 },
          ],
          image: { bitpix: 16, axes: [WIDTH, HEIGHT], data, bzero: 32768 },
        },
      ]),
    );
    paths.push(path);
  }
  const first = paths[0] as string;

  const loaded = await loadFrame(first);
  let best = Infinity;
  let bestCpu = Infinity;
  let stars = 0;
  for (let run = 0; run < runs; run++) {
    const wall = performance.now();
    const cpu = cpuMs();
    const result = measureFrame(loaded.image, loaded.optics);
    bestCpu = Math.min(bestCpu, cpuMs() - cpu);
    best = Math.min(best, performance.now() - wall);
    stars = result.starCount;
  }
  // The source-extractor HFR method re-measures every star; timed once, as a cost to know.
  const seModeStart = performance.now();
  measureFrame(loaded.image, { ...loaded.optics, hfrMethod: 'source-extractor' });
  const seModeMs = performance.now() - seModeStart;
  const loadStart = performance.now();
  await loadFrame(first);
  const loadMs = performance.now() - loadStart;

  // A wrapper records source-extractor's CPU time (bash `times`), comparable with ours on a busy machine.
  const wrapper = join(dir, 'sex-cpu.sh');
  const timesFile = join(dir, 'sex-times.txt');
  await writeFile(
    wrapper,
    `#!/bin/bash\nsource-extractor "$@"\nstatus=$?\ntimes > ${JSON.stringify(timesFile)}\nexit $status\n`,
    { mode: 0o755 },
  );
  let seBest = Infinity;
  let seCpu = Infinity;
  let seStars = 0;
  for (let run = 0; run < Math.min(runs, 2); run++) {
    const se = await runSourceExtractor(first, { command: wrapper });
    seBest = Math.min(seBest, se.seconds * 1000);
    seStars = se.stars.length;
    const childLine = (await readFile(timesFile, 'utf8')).trim().split('\n')[1] ?? '';
    const seconds = childLine.split(/\s+/).map((part) => {
      const match = /^(\d+)m([\d.]+)s$/.exec(part);
      return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
    });
    seCpu = Math.min(seCpu, ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000);
  }

  let sepMs = Number.NaN;
  try {
    const script = [
      'import time, numpy as np, sep',
      'from astropy.io import fits',
      `d = fits.getdata(${JSON.stringify(first)}).astype(np.float32)`,
      'best = 1e9',
      'for _ in range(2):',
      '    t = time.perf_counter(); b = sep.Background(d); o = sep.extract(d - b, 1.5, err=b.globalrms, minarea=5); best = min(best, time.perf_counter() - t)',
      'print(best * 1000, len(o))',
    ].join('\n');
    const [ms] = execFileSync('/usr/bin/python3', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    })
      .trim()
      .split(' ');
    sepMs = Number(ms);
  } catch {
    // python3-sep is optional for the benchmark.
  }

  // From source the workers need a TypeScript loader; the built package runs dist/analysis/worker.js directly.
  const bootstrap = join(dir, 'worker-bootstrap.mjs');
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const workerSource = pathToFileURL(
    join(import.meta.dirname, '../packages/core/src/analysis/worker.ts'),
  ).href;
  await writeFile(
    bootstrap,
    `import { register } from '${tsxApi}';\nregister();\nawait import('${workerSource}');\n`,
  );
  const timeFolder = async (workers: number): Promise<{ seconds: number; measured: number }> => {
    const started = performance.now();
    let measured = 0;
    for await (const result of analyzeFiles(paths, {
      workers,
      workerUrl: pathToFileURL(bootstrap),
    }))
      if (result.measurement) measured++;
    return { seconds: (performance.now() - started) / 1000, measured };
  };
  const sequential = await timeFolder(0);
  const parallel = await timeFolder(2);

  const row = (label: string, value: string): void => console.log(`${label.padEnd(44)} ${value}`);
  console.log('');
  row('frame', `${WIDTH}×${HEIGHT} uint16 (${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP)`);
  row(
    'ours: measureFrame (best wall / best CPU)',
    `${best.toFixed(0)} ms / ${bestCpu.toFixed(0)} ms, ${stars} stars (target ≤ 1000 ms)`,
  );
  row('ours: FITS load', `${loadMs.toFixed(0)} ms`);
  row("ours: measureFrame, hfrMethod 'source-extractor'", `${seModeMs.toFixed(0)} ms (one run)`);
  row(
    'source-extractor (1 thread, best wall / CPU)',
    `${seBest.toFixed(0)} ms / ${seCpu.toFixed(0)} ms, ${seStars} sources`,
  );
  row(
    'python3-sep background+extract (best)',
    Number.isFinite(sepMs) ? `${sepMs.toFixed(0)} ms` : 'not available',
  );
  row(
    'ratio ours / source-extractor (wall, CPU)',
    `${(best / seBest).toFixed(2)}×, ${(bestCpu / seCpu).toFixed(2)}× (target ≤ 1.5×)`,
  );
  row(
    `folder: ${sequential.measured}/${frameCount} frames, in-thread`,
    `${(frameCount / sequential.seconds).toFixed(2)} frames/s`,
  );
  row(
    `folder: ${parallel.measured}/${frameCount} frames, 2 workers`,
    `${(frameCount / parallel.seconds).toFixed(2)} frames/s`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
