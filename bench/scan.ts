/**
 * Benchmark: catalog a generated library of NINA-like files (cold catalog, warm page cache) and,
 * in the same run, read the same headers with astropy's fits.getheader; then hash the files with
 * the file agent and with sha256sum. Prints both figures and their ratios.
 *
 *   pnpm build && npx tsx bench/scan.ts [FILES=20000]
 *
 * Each side runs RUNS times (default 3), alternating, and the medians are compared: on a 2-core
 * machine one noisy run must not decide the verdict. Peak memory is reported for four library
 * sizes (N/4, N, 2N, 4N). Needs Debian's python3-astropy (/usr/bin/python3). Not part of the test suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBulkLights } from '../fixtures/generate-library.js';

const count = Number(process.argv[2] ?? 20000);
const runs = Number(process.env.RUNS ?? 3);
const out = fileURLToPath(new URL('./out/', import.meta.url));
const library = join(out, `library-${count}`);
const small = join(out, `library-${Math.round(count / 4)}`);
const big = join(out, `library-${count * 2}`);
const huge = join(out, `library-${count * 4}`);

function ensureLibrary(dir: string, n: number): string[] {
  if (!existsSync(join(dir, '.complete'))) {
    process.stderr.write(`generating ${n} files in ${dir} ...\n`);
    generateBulkLights(dir, n);
    writeFileSync(join(dir, '.complete'), '');
  }
  return listFiles(dir);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.fits'))
    .map((e) => join(e.parentPath, e.name));
}

function runOurs(dir: string, mode: 'scan' | 'hash') {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      fileURLToPath(new URL('./scan-child.mjs', import.meta.url)),
      dir,
      join(out, 'bench.sqlite'),
      mode,
    ],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as {
    files: number;
    errors: number;
    scanSec: number;
    scanCpuSec: number;
    hashSec: number | null;
    scanMaxRssMb: number;
    retainedHeapMb: number;
  };
}

function runAstropy(listFile: string): number {
  const script = `
import sys, time
from astropy.io import fits
paths = open(sys.argv[1]).read().split('\\n')
paths = [p for p in paths if p]
t = time.perf_counter()
for p in paths:
    fits.getheader(p)
print(time.perf_counter() - t)
`;
  return Number(
    execFileSync('/usr/bin/python3', ['-c', script, listFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    }).trim(),
  );
}

/** A few frame-sized files (64 MB, like 61-megapixel 16-bit frames) where hashing, not per-file overhead, dominates. */
function ensureLargeFiles(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  const block = Buffer.alloc(64 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  for (let i = 0; i < count; i++) {
    const path = join(dir, `large-${i}.fits`);
    if (!existsSync(path)) {
      block.writeUInt32LE(i, 0);
      writeFileSync(path, block);
    }
    paths.push(path);
  }
  return paths;
}

async function timeOurHash(paths: string[]): Promise<number> {
  const { hashFile } = await import('../packages/core/dist/ingest/index.js');
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < paths.length) await hashFile(paths[next++]!);
    }),
  );
  return (performance.now() - start) / 1000;
}

function timeSha256sum(listFile: string): number {
  const start = performance.now();
  execFileSync('bash', ['-c', `xargs -d '\\n' -n 2000 sha256sum < '${listFile}' > /dev/null`]);
  return (performance.now() - start) / 1000;
}

mkdirSync(out, { recursive: true });
const files = ensureLibrary(library, count);
const smallFiles = ensureLibrary(small, Math.round(count / 4));
const listFile = join(out, 'files.txt');
writeFileSync(listFile, files.join('\n'));
const totalMb = files.reduce((sum, f) => sum + statSync(f).size, 0) / 1e6;

// Warm the page cache right before every run, ours and astropy's alike: this machine's kernel
// (DAMON reclaim) pages out file data left idle for ~30 s, so one warm-up at the start would
// leave later runs reading partly from disk.
const warm = (paths: string[]) => {
  for (const f of paths) readFileSync(f);
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const ourRuns: Array<ReturnType<typeof runOurs>> = [];
const astropyRuns: number[] = [];
for (let i = 0; i < runs; i++) {
  warm(files);
  ourRuns.push(runOurs(library, i === runs - 1 ? 'hash' : 'scan'));
  warm(files);
  astropyRuns.push(runAstropy(listFile));
}
const ours = ourRuns[ourRuns.length - 1]!;
const oursSec = median(ourRuns.map((r) => r.scanSec));
const astropySec = median(astropyRuns);
const bigFiles = ensureLibrary(big, count * 2);
warm(smallFiles);
const smallRun = runOurs(small, 'scan');
warm(bigFiles);
const bigRun = runOurs(big, 'scan');
const hugeFiles = ensureLibrary(huge, count * 4);
warm(hugeFiles);
const hugeRun = runOurs(huge, 'scan');
const memory = [
  [smallFiles.length, smallRun],
  [files.length, ours],
  [bigFiles.length, bigRun],
  [hugeFiles.length, hugeRun],
] as const;
warm(files);
const shaSec = timeSha256sum(listFile);
const large = ensureLargeFiles(join(out, 'large'), 16);
const largeList = join(out, 'large.txt');
writeFileSync(largeList, large.join('\n'));
for (const f of large) readFileSync(f);
const largeMb = (large.length * (64 << 20)) / 1e6;
const ourLargeSec = await timeOurHash(large);
const shaLargeSec = timeSha256sum(largeList);

const oursRate = ours.files / oursSec;
const astropyRate = files.length / astropySec;
const hashRate = totalMb / (ours.hashSec ?? NaN);
const shaRate = totalMb / shaSec;
const rates = (secs: number[], n: number) => secs.map((s) => (n / s).toFixed(0)).join(', ');
const lines = [
  `library: ${files.length} NINA-like FITS files, ${totalMb.toFixed(0)} MB, warm page cache, cold catalog; ${runs} runs each, alternating, medians compared`,
  `astrocat scan (header read + normalize + insert): ${oursRate.toFixed(0)} files/s (runs: ${rates(
    ourRuns.map((r) => r.scanSec),
    files.length,
  )} files/s; ${((ours.scanCpuSec / ours.files) * 1e6).toFixed(0)} µs CPU per file, all threads)`,
  `astropy fits.getheader:                            ${astropyRate.toFixed(0)} files/s (runs: ${rates(astropyRuns, files.length)} files/s)`,
  `ratio astrocat / astropy:                          ${(oursRate / astropyRate).toFixed(2)}x`,
  `scan by library size (one run each: files/s, peak RSS / heap still reachable after GC): ${memory.map(([n, r]) => `${n} files ${(n / r.scanSec).toFixed(0)}/s ${r.scanMaxRssMb.toFixed(0)} MB / ${r.retainedHeapMb.toFixed(1)} MB`).join('; ')}`,
  `file agent on the library (SHA-256 + MD5, catalog writes included): ${hashRate.toFixed(0)} MB/s, ${(files.length / (ours.hashSec ?? NaN)).toFixed(0)} files/s; sha256sum: ${shaRate.toFixed(0)} MB/s; ratio ${(hashRate / shaRate).toFixed(2)}x`,
  `hashFile on ${large.length} x 64 MB (SHA-256 + MD5, 2 in flight): ${(largeMb / ourLargeSec).toFixed(0)} MB/s; sha256sum (SHA-256 only, 1 process): ${(largeMb / shaLargeSec).toFixed(0)} MB/s; ratio ${(shaLargeSec / ourLargeSec).toFixed(2)}x`,
];
process.stdout.write(lines.join('\n') + '\n');
