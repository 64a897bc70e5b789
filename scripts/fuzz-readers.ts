/**
 * Fuzzes the image readers with damaged copies of the real fixtures: each round truncates every
 * FITS/XISF file in fixtures/ (under 3 MB) at a random length, or overwrites a few bytes (mostly in
 * the header) with random bytes or with characters that matter to FITS cards and XISF XML. Every
 * copy goes through describeImageFile, readFitsImage/readXisfImage and analyzeFile. Anything but
 * an AstroError is a failure: its input is kept in the output folder. A hang shows as the last
 * case printed with --trace. Not part of the test suite.
 *
 *   npx tsx scripts/fuzz-readers.ts [--rounds 40] [--seed 12345] [--out /tmp/astrocat-fuzz] [--trace]
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../packages/core/src/analysis/analyze-file.js';
import { AstroError } from '../packages/core/src/errors/index.js';
import { readFitsImage } from '../packages/core/src/fits/index.js';
import { describeImageFile } from '../packages/core/src/image-file/index.js';
import { withFileSource } from '../packages/core/src/io/index.js';
import { readXisfImage } from '../packages/core/src/xisf/index.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const rounds = Number(arg('--rounds', '40'));
let seed = Number(arg('--seed', '12345'));
const out = arg('--out', '/tmp/astrocat-fuzz');
const trace = process.argv.includes('--trace');
mkdirSync(out, { recursive: true });

// Park–Miller: the same seed gives the same cases.
const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
const pick = (n: number): number => Math.floor(random() * n);
const SPECIAL = [...` '=/<>&"0E.`].map((c) => c.charCodeAt(0));

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const inputs = ['real', 'xisf']
  .flatMap((dir) => readdirSync(join(fixtures, dir)).map((name) => join(fixtures, dir, name)))
  .filter((path) => /\.(fits|fz|xisf)$/.test(path) && statSync(path).size < 3_000_000);

function damage(bytes: Buffer): Buffer {
  if (random() < 1 / 3) return bytes.subarray(0, pick(bytes.length));
  const copy = Buffer.from(bytes);
  const special = random() < 0.5;
  for (let n = 1 + pick(8); n > 0; n--) {
    // Mostly in the first 10 KB, where headers (cards, XML) are parsed.
    const at = random() < 0.8 ? pick(Math.min(copy.length, 10_000)) : pick(copy.length);
    copy[at] = special ? (SPECIAL[pick(SPECIAL.length)] as number) : pick(256);
  }
  return copy;
}

const failures = new Map<string, string>();
let cases = 0;
for (let round = 0; round < rounds; round++) {
  for (const input of inputs) {
    const extension = input.slice(input.lastIndexOf('.'));
    const path = join(out, `case${extension}`);
    const damaged = damage(readFileSync(input));
    writeFileSync(path, damaged);
    if (trace) console.error(`round ${round} ${input}`);
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['describe', () => withFileSource(path, (source) => describeImageFile(source, path))],
      [
        'read',
        () =>
          withFileSource(path, (source) =>
            extension === '.xisf' ? readXisfImage(source) : readFitsImage(source),
          ),
      ],
      ['analyze', () => analyzeFile(path, {})],
    ];
    for (const [step, run] of steps) {
      cases++;
      try {
        await run();
      } catch (error) {
        if (error instanceof AstroError) continue;
        const where = (error as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(error);
        const key = `${step}: ${where}`;
        if (failures.has(key)) continue;
        const kept = join(out, `failure-${failures.size + 1}${extension}`);
        writeFileSync(kept, damaged);
        failures.set(key, `${input} -> ${kept}`);
      }
    }
  }
}
console.log(`${cases} cases from ${inputs.length} fixtures, ${failures.size} distinct failures`);
for (const [key, where] of failures) console.log(`- ${where}\n  ${key}`);
process.exitCode = failures.size > 0 ? 1 : 0;
