import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameRecord } from '../metadata/frame-record.js';
import { recordFrameSource, scanFrameSource } from './frame-source.js';
import { makeFakeFits, makeTestLight } from './make-test-frame.js';
import { formatPlan } from './plan.js';
import { planPrepare, prepare } from './prepare.js';
import { runCommand } from './run-command.js';

let root: string;
let raw: string;
let lib: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'astrocat-prepare-'));
  raw = join(root, 'raw');
  lib = join(root, 'lib');
  mkdirSync(lib, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function light(
  rel: string,
  seed: number,
  overrides: Partial<FrameRecord> = {},
): FrameRecord & { sizeBytes: number } {
  const path = join(raw, rel);
  mkdirSync(dirname(path), { recursive: true });
  const bytes = makeFakeFits(seed, 32);
  writeFileSync(path, bytes);
  const second = String(seed).padStart(2, '0');
  return {
    ...makeTestLight(path, { dateObsUtc: `2024-10-05T21:00:${second}.000Z`, ...overrides }),
    sizeBytes: bytes.length,
  };
}

describe('planPrepare', () => {
  it('removes emptied source folders deepest first, never the root or folders with other content', async () => {
    const frames = [
      light('n1/LIGHT/a.fits', 1),
      light('n1/LIGHT/b.fits', 2),
      light('n2/LIGHT/c.fits', 3),
      light('n3/d.fits', 4),
    ];
    writeFileSync(join(raw, 'n2/LIGHT/.keep'), '');
    writeFileSync(join(raw, 'n3/session.log'), 'x');
    const { plan } = await planPrepare({
      from: raw,
      libraryDir: lib,
      source: recordFrameSource(frames),
    });
    expect(plan.steps.filter((s) => s.op === 'rmdir').map((s) => s.from)).toEqual([
      join(raw, 'n1/LIGHT'),
      join(raw, 'n1'),
    ]);
    expect(formatPlan(plan)).toContain(
      `rmdir        ${join(raw, 'n1/LIGHT')}  (source folder left empty)`,
    );
  });

  it('plans header stamps before the move only when asked, for FITS lights with metrics', async () => {
    const frames = [
      light('a.fits', 1),
      light('b.fits', 2, { hfrPx: null, starCount: null, rmsArcsec: null }),
    ];
    const { plan } = await planPrepare({
      from: raw,
      libraryDir: lib,
      source: recordFrameSource(frames),
      stampMetrics: true,
    });
    expect(plan.steps.map((s) => s.op)).toEqual(['stamp-header', 'move', 'move']);
    expect(plan.steps[0]?.cards?.map((c) => [c.keyword, c.value])).toEqual([
      ['HFR', 2.314],
      ['STARS', 812],
      ['RMS', 0.62],
    ]);
  });

  it('reports unreadable files and aggregates missing layout tokens', async () => {
    mkdirSync(raw, { recursive: true });
    writeFileSync(join(raw, 'bad.fits'), 'not fits');
    const good = light('good.fits', 1, { filter: null });
    const source = scanFrameSource(async (path) => {
      if (path.endsWith('bad.fits')) throw new Error('not a FITS file');
      return { value: good, diagnostics: [] };
    });
    const { plan, diagnostics } = await planPrepare({ from: raw, libraryDir: lib, source });
    expect(plan.steps).toHaveLength(1);
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      'LAYOUT_TOKEN_MISSING',
      'WORKFLOW_UNREADABLE',
    ]);
    expect(plan.steps[0]?.to).toContain('FILTER_NA_EXP_300.00');
  });
});

describe('prepare', () => {
  it('runs pre and post commands without a shell around the moves', async () => {
    const frames = [light('n1/a.fits', 1)];
    const marker = join(root, 'marker; echo injected');
    const script = 'require("fs").appendFileSync(process.argv[1], process.argv[2] + "\\n")';
    const run = await prepare({
      from: raw,
      libraryDir: lib,
      source: recordFrameSource(frames),
      pre: [{ file: process.execPath, args: ['-e', script, marker, 'stop'] }],
      post: [{ file: process.execPath, args: ['-e', script, marker, 'start'] }],
    });
    expect(run.applied?.counts).toEqual({ moved: 1, removed: 1 });
    expect(readFileSync(marker, 'utf8')).toBe('stop\nstart\n');
    expect(run.commands.map((c) => c.exitCode)).toEqual([0, 0]);
  });

  it('moves nothing when a pre command fails, and still runs post', async () => {
    const frames = [light('a.fits', 1)];
    const run = await prepare({
      from: raw,
      libraryDir: lib,
      source: recordFrameSource(frames),
      pre: [{ file: process.execPath, args: ['-e', 'process.exit(3)'] }],
      post: [{ file: process.execPath, args: ['-e', ''] }],
    });
    expect(run.applied).toBeNull();
    expect(run.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'WORKFLOW_PRE_COMMAND_FAILED' }),
    );
    expect(run.commands.map((c) => c.exitCode)).toEqual([3, 0]);
    expect(existsSync(join(raw, 'a.fits'))).toBe(true);
    expect(readdirSync(lib)).toEqual([]);
  });

  it('dry run changes nothing and writes no journal', async () => {
    const run = await prepare({
      from: raw,
      libraryDir: lib,
      source: recordFrameSource([light('a.fits', 1)]),
      dryRun: true,
    });
    expect(run.plan.steps).toHaveLength(1);
    expect(existsSync(join(raw, 'a.fits'))).toBe(true);
    expect(existsSync(join(lib, '.astrocat'))).toBe(false);
  });
});

describe('runCommand', () => {
  it('reports a missing program, a timeout and captured output', async () => {
    const missing = await runCommand({ file: join(root, 'no-such-program') });
    expect(missing.error).toMatch(/ENOENT/);
    const slow = await runCommand({
      file: process.execPath,
      args: ['-e', 'setTimeout(() => {}, 5000)'],
      timeoutMs: 200,
    });
    expect(slow.timedOut).toBe(true);
    const echo = await runCommand({
      file: process.execPath,
      args: ['-e', 'console.log("a b"); console.error("e")'],
    });
    expect([echo.stdout, echo.stderr, echo.exitCode]).toEqual(['a b\n', 'e\n', 0]);
  });
});
