/**
 * Benchmark: `prepare` of N small frames (default 20,000) on one file system, against a plain
 * `mv` of an identical set of files into the same folders, in the same run.
 * Run: npx tsx bench/prepare.ts [count] [--no-fsync]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FrameRecord } from '../packages/core/src/metadata/frame-record.js';
import { makeFakeFits, makeTestLight } from '../packages/core/src/workflow/make-test-frame.js';
import {
  layoutPath,
  planPrepare,
  prepare,
  recordFrameSource,
} from '../packages/core/src/workflow/index.js';

const count = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 20_000);
const durable = !process.argv.includes('--no-fsync');
const root = mkdtempSync(join(tmpdir(), 'astrocat-bench-'));
const TYPES = ['LIGHT', 'LIGHT', 'LIGHT', 'FLAT', 'DARK', 'BIAS'] as const;

/** N NINA-like frames under `<raw>/<night>/<TYPE>/`, one 2880-byte header + a little data each. */
function generate(raw: string): (FrameRecord & { sizeBytes: number })[] {
  const frames: (FrameRecord & { sizeBytes: number })[] = [];
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length] ?? 'LIGHT';
    const night = `2024-10-${String(1 + (i % 4)).padStart(2, '0')}`;
    const path = join(raw, night, type, `frame_${String(i).padStart(6, '0')}.fits`);
    mkdirSync(dirname(path), { recursive: true });
    const bytes = makeFakeFits(i, 120);
    writeFileSync(path, bytes);
    frames.push({
      ...makeTestLight(path, {
        frameType: type,
        target: type === 'LIGHT' ? (['M31', 'M33 Panel', 'NGC 7000'][i % 3] ?? null) : null,
        filter:
          type === 'DARK' || type === 'BIAS' ? null : (['L', 'R', 'G', 'B', 'Ha'][i % 5] ?? null),
        dateObsUtc: new Date((1_728_000_000 + i * 7) * 1000).toISOString(),
        night,
      }),
      sizeBytes: bytes.length,
    });
  }
  return frames;
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, (performance.now() - start) / 1000];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, (performance.now() - start) / 1000];
}

try {
  const raw = join(root, 'raw');
  const lib = join(root, 'lib');
  mkdirSync(lib);
  const frames = generate(raw);
  const source = recordFrameSource(frames);
  const [planned, planSec] = await timeAsync(() =>
    planPrepare({ from: raw, libraryDir: lib, source }),
  );
  const [run, prepareSec] = await timeAsync(() =>
    prepare({ from: raw, libraryDir: lib, source, durable }),
  );
  const moved = run.applied?.counts.moved ?? 0;
  if (moved !== count) throw new Error(`prepare moved ${moved} of ${count}`);

  // The same files again, moved with `mv -t` per destination folder (no per-file rename, no journal).
  const rawMv = join(root, 'raw-mv');
  const libMv = join(root, 'lib-mv');
  const byFolder = new Map<string, string[]>();
  for (const frame of generate(rawMv)) {
    const folder = dirname(join(libMv, layoutPath(frame, { stage: '10_Blink' }).value));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), frame.path]);
  }
  const [, mvSec] = time(() => {
    execFileSync('mkdir', ['-p', ...byFolder.keys()]);
    for (const [folder, paths] of byFolder) {
      for (let i = 0; i < paths.length; i += 2_000)
        execFileSync('mv', ['-n', '-t', folder, ...paths.slice(i, i + 2_000)]);
    }
  });
  const left = readdirSync(rawMv, { recursive: true }).filter((name) =>
    String(name).endsWith('.fits'),
  ).length;
  if (left !== 0) throw new Error(`mv left ${left} files`);

  const rate = (sec: number) => Math.round(count / sec).toLocaleString('en-US');
  console.log(
    `files:               ${count.toLocaleString('en-US')} (${planned.plan.steps.length} plan steps)`,
  );
  console.log(`journal fsync:       ${durable ? 'on (per batch of 64 begins)' : 'off'}`);
  console.log(`plan only:           ${planSec.toFixed(2)} s`);
  console.log(`prepare (plan+apply): ${prepareSec.toFixed(2)} s  ${rate(prepareSec)} files/s`);
  console.log(`mv -t per folder:    ${mvSec.toFixed(2)} s  ${rate(mvSec)} files/s`);
  console.log(`ratio prepare / mv:  ${(prepareSec / mvSec).toFixed(1)}x`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
