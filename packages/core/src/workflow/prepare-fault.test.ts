import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FrameRecord, FrameType } from '../metadata/frame-record.js';
import { parseCullRule } from './cull-rules.js';
import { rejectPath } from './cull.js';
import { listOperations } from './journal.js';
import { layoutPath } from './layout.js';
import { makeFakeFits, makeTestLight, seededRandom } from './make-test-frame.js';

const FILES = 2_000;
const KILLS = 20;
const CULL_KILLS = 5;
const CULL_RULE = 'hfr > 3.8';
const childScript = fileURLToPath(new URL('./prepare-fault-child.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'astrocat-fault-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TARGETS = ['M31', 'NGC 7000 / North America', 'Sh2-101: Tulip.', 'Cœur du Cygne'];
const TYPES: FrameType[] = ['LIGHT', 'LIGHT', 'LIGHT', 'FLAT', 'DARK', 'BIAS'];

/** A NINA-like capture folder: <night>/<TYPE>/<file>.fits, plus a `.keep` folder and a stray note. */
function generateRaw(from: string): Record<string, FrameRecord> {
  const frames: Record<string, FrameRecord> = {};
  const random = seededRandom(42);
  for (let i = 0; i < FILES; i++) {
    const type = TYPES[i % TYPES.length] as FrameType;
    const night = `2024-10-0${1 + (i % 3)}`;
    const rel = join(night, type, `frame_${String(i).padStart(5, '0')}.fits`);
    mkdirSync(join(from, night, type), { recursive: true });
    writeFileSync(join(from, rel), makeFakeFits(i, 200));
    const seconds = 1_728_000_000 + i * 37;
    frames[rel] = makeTestLight(join(from, rel), {
      frameType: type,
      target: type === 'LIGHT' ? (TARGETS[i % TARGETS.length] ?? null) : null,
      filter: type === 'DARK' || type === 'BIAS' ? null : (['L', 'R', 'Ha'][i % 3] ?? null),
      exposureSec: type === 'BIAS' ? 0 : 300,
      dateObsUtc: new Date(seconds * 1000).toISOString(),
      night,
      hfrPx: 1.5 + random() * 3,
    });
  }
  mkdirSync(join(from, 'keepme'), { recursive: true });
  writeFileSync(join(from, 'keepme', '.keep'), '');
  writeFileSync(join(from, '2024-10-01', 'notes.txt'), 'clouds after 2am');
  return frames;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function walk(dir: string, skip = new Set<string>()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip.has(entry.name)) return [];
    return entry.isDirectory() ? walk(path, skip) : [path];
  });
}

interface KillAt {
  /** Which report starts the clock: `ready` (planning, journal creation) or `applying` (moves, resume). */
  after: 'ready' | 'applying';
  ms: number;
}

/** Runs the child; kills it `kill.ms` after it reports `kill.after`, or lets it finish. */
function runChild(
  manifest: string,
  mode: 'prepare' | 'cull',
  kill: KillAt | null,
): Promise<{ killed: boolean; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, manifest, mode], {
      cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
      // The last, unkilled run needs no pauses.
      env: { ...process.env, FAULT_NO_PAUSE: kill === null ? '1' : '0' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (kill !== null && out.split('\n').includes(kill.after)) {
        setTimeout(() => child.kill('SIGKILL'), kill.ms);
        kill = null;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0)
        reject(new Error(`child failed (${code}): ${err}${out}`));
      else resolve({ killed: signal === 'SIGKILL', code, out });
    });
  });
}

/** Runs the child until it has been killed `kills` times (or finished on its own), then to the end. */
async function killRepeatedly(
  manifest: string,
  mode: 'prepare' | 'cull',
  kills: number,
  pending: () => number,
  random: () => number,
): Promise<{ kills: number; midway: number }> {
  let killed = 0;
  let midway = 0;
  for (let finished = false; killed < kills && !finished;) {
    const before = pending();
    const kill: KillAt =
      random() < 0.3
        ? { after: 'ready', ms: Math.floor(random() * 250) }
        : { after: 'applying', ms: Math.floor(random() * (mode === 'cull' ? 25 : 80)) };
    const result = await runChild(manifest, mode, kill);
    if (result.killed) killed++;
    else finished = true;
    const after = pending();
    // A kill that landed while files were being moved: some moved, some not yet.
    if (result.killed && after < before && after > 0) midway++;
  }
  expect((await runChild(manifest, mode, null)).killed).toBe(false);
  return { kills: killed, midway };
}

describe('prepare and cull under SIGKILL', () => {
  it(`keep every one of ${FILES} files exactly once, byte-identical, where the plan says, across ≥ ${KILLS} kills`, async () => {
    const from = join(root, 'raw');
    const libraryDir = join(root, 'lib');
    mkdirSync(libraryDir, { recursive: true });
    const frames = generateRaw(from);
    const rule = parseCullRule(CULL_RULE);
    const expected = new Map<string, string>();
    const records: Record<string, FrameRecord> = { ...frames };
    let rejects = 0;
    for (const [rel, frame] of Object.entries(frames)) {
      const planned = join(
        libraryDir,
        ...layoutPath(frame, { stage: '10_Blink' }).value.split('/'),
      );
      records[planned] = frame;
      const rejected = frame.frameType === 'LIGHT' && rule.test(frame);
      if (rejected) rejects++;
      expected.set(
        rejected ? rejectPath(libraryDir, planned, 1) : planned,
        sha256(join(from, rel)),
      );
    }
    const manifestPath = join(root, 'manifest.json');
    const cullDir = join(libraryDir, 'Esprit100@f5.5+ASI2600MM', '10_Blink');
    writeFileSync(
      manifestPath,
      JSON.stringify({ from, libraryDir, frames: records, cullDir, cullRule: CULL_RULE }),
    );

    const random = seededRandom(7);
    const prepared = await killRepeatedly(
      manifestPath,
      'prepare',
      KILLS,
      () => walk(from).length - 2,
      random,
    );
    const rejectDir = join(libraryDir, '_REJECT');
    const culled = await killRepeatedly(
      manifestPath,
      'cull',
      CULL_KILLS,
      () => rejects - walk(rejectDir).length,
      random,
    );
    console.log(
      `fault test: prepare ${JSON.stringify(prepared)}, cull ${JSON.stringify(culled)}, ${rejects} rejects`,
    );
    expect(prepared.kills).toBeGreaterThanOrEqual(KILLS);
    expect(prepared.midway).toBeGreaterThanOrEqual(KILLS / 2);
    expect(culled.kills).toBeGreaterThanOrEqual(CULL_KILLS);
    expect(culled.midway).toBeGreaterThanOrEqual(1);
    expect(rejects).toBeGreaterThan(100);

    const inLibrary = walk(libraryDir, new Set(['.astrocat']));
    expect(inLibrary.length).toBe(FILES);
    const mismatches = inLibrary.filter((path) => expected.get(path) !== sha256(path));
    expect(mismatches).toEqual([]);
    expect(walk(rejectDir)).toHaveLength(rejects);
    expect(
      walk(from)
        .map((path) => relative(from, path))
        .sort(),
    ).toEqual([join('2024-10-01', 'notes.txt'), join('keepme', '.keep')]);
    expect(readdirSync(from).sort()).toEqual(['2024-10-01', 'keepme']);
    expect(listOperations(libraryDir).every((op) => op.status === 'complete')).toBe(true);
  }, 180_000);
});
