import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../fixtures/generate-library.js';
import { runCli } from './run-cli.js';

interface FileRow {
  op: string;
  source: string | null;
  destination: string | null;
  outcome: string;
}
interface Report {
  kind: string;
  dryRun: boolean;
  counts: Record<string, number>;
  files: FileRow[];
  groups?: Array<{ target?: string; promoted?: boolean; rejects?: string[] }>;
}

const RIGS = ['C8E@f10+ZWO ASI2600MM Pro', 'SQA55@f5.3+ATR585M', 'DWARFIII@f4.3+DWARFIII'];
const LIGHT_LAYOUT =
  /^[^/]+@f[\d.]+\+[^/]+\/10_Blink\/[^/]+\/DATE_\d{4}-\d\d-\d\d\/FILTER_[^/]+_EXP_\d+\.\d\d(_PANEL_[AB])?\/\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_HFR_\d+\.\d\d_STARS_\d+_RMSAC_\d+\.\d\d_TEMP_-?\d+\.\d\d\.fits$/;

let dir: string;
let raw: string;
let lib: string;
let db: string;
let files: ReturnType<typeof generateLibrary>;
/** Content hash of every original file → its original path. */
const originals = new Map<string, string>();

/** Every file under `root` (journal and trash excluded) by path → SHA-256. */
function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.astrocat') walk(path);
      } else out.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

function snapshot(): Map<string, string> {
  return new Map([...hashTree(raw), ...hashTree(lib)]);
}

/** Each original exactly once, byte-identical, and nothing else. */
function expectAccounted(): Map<string, string> {
  const now = snapshot();
  const seen = new Map<string, number>();
  for (const hash of now.values()) seen.set(hash, (seen.get(hash) ?? 0) + 1);
  expect(now.size).toBe(originals.size);
  for (const [hash, path] of originals) expect(seen.get(hash), path).toBe(1);
  return now;
}

function cli(args: string[], status = 0) {
  const run = runCli([...args, '--db', db], { cwd: dir });
  expect(run.status, `${args.join(' ')}\n${run.stderr}`).toBe(status);
  return run;
}

function expectCatalogMatchesDisk(): void {
  const frames = cli(['search', '--json']).json<Array<{ path: string }>>();
  const cataloged = new Set(frames.map((f) => f.path));
  for (const path of cataloged) expect(existsSync(path), path).toBe(true);
  for (const path of hashTree(lib).keys()) expect(cataloged.has(path), path).toBe(true);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-workflow-'));
  raw = join(dir, 'RAW');
  lib = join(dir, 'LIB');
  db = join(dir, 'catalog.sqlite');
  files = generateLibrary(raw);
  for (const [path, hash] of hashTree(raw)) originals.set(hash, path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('astrocat prepare → cull → promote → undo on the fixture library', () => {
  it('scan, then prepare --dry-run changes nothing and plans every frame', () => {
    expect(originals.size).toBe(hashTree(raw).size); // no two originals share content
    cli(['scan', raw, '--json']);
    const before = snapshot();
    const plan = cli(['prepare', '--from', raw, '--to', lib, '--dry-run', '--json']).json<Report>();
    expect(plan.dryRun).toBe(true);
    const moves = plan.files.filter((f) => f.op === 'move');
    expect(moves).toHaveLength(files.lights.length + files.calibration.length);
    expect(moves.every((f) => f.outcome === 'planned')).toBe(true);
    expect(snapshot()).toEqual(before);
    expect(existsSync(lib)).toBe(false);
  });

  it('prepare sorts RAW into the reference layout and the catalog follows', () => {
    const result = cli(['prepare', '--from', raw, '--to', lib, '--json']).json<Report>();
    expect(result.counts.moved).toBe(files.lights.length + files.calibration.length);
    expect(result.counts.failed).toBeUndefined();
    // Lights live under the full rig name (with @f<ratio>); calibration under <optic>+<camera>.
    const lightPaths = [...hashTree(lib).keys()]
      .map((p) => relative(lib, p))
      .filter((p) => p.split('/')[0]?.includes('@'));
    expect(lightPaths).toHaveLength(files.lights.length);
    for (const path of lightPaths) expect(path).toMatch(LIGHT_LAYOUT);
    expect(lightPaths.some((p) => p.includes('/M33/') && p.includes('_PANEL_A/'))).toBe(true);
    expect(existsSync(join(lib, 'C8E+ZWO ASI2600MM Pro/10_Blink/DARK'))).toBe(true);
    // Unreadable files and masters stay in RAW (reported); emptied capture folders are gone.
    expect(readdirSync(raw).sort()).toEqual(['Incoming', 'Masters']);
    expectAccounted();
    expectCatalogMatchesDisk();
  });

  it('cull refuses to guess without a terminal, then runs both passes per rig', () => {
    const before = snapshot();
    const refused = cli(['cull', '--library', lib, '--rig', RIGS[0] as string, '--pass', '1'], 2);
    expect(refused.stderr).toMatch(/--yes or --no/);
    expect(snapshot()).toEqual(before);
    cli(['cull', '--library', lib, '--pass', '1'], 2); // neither --rig nor --dir

    const dry = cli([
      'cull',
      '--library',
      lib,
      '--rig',
      RIGS[0] as string,
      '--pass',
      '1',
      '--yes',
      '--dry-run',
      '--json',
    ]).json<Report>();
    expect(dry.files.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);

    let rejected = 0;
    for (const rig of RIGS) {
      for (const pass of ['1', '2']) {
        const run = cli([
          'cull',
          '--library',
          lib,
          '--rig',
          rig,
          '--pass',
          pass,
          '--yes',
          '--json',
        ]).json<Report>();
        rejected += run.counts.moved ?? 0;
        for (const file of run.files)
          expect(file.destination).toContain(`/_REJECT/pass${pass}/${rig}/10_Blink/`);
      }
    }
    expect(rejected).toBeGreaterThan(0);
    const rejects = [...hashTree(join(lib, '_REJECT')).keys()];
    expect(rejects).toHaveLength(rejected);
    for (const path of rejects) {
      const hfr = Number(path.match(/_HFR_([\d.]+)_/)?.[1]);
      const rms = Number(path.match(/_RMSAC_([\d.]+)_/)?.[1]);
      expect(hfr > 4.6 || rms > 2, path).toBe(true);
    }
    expectAccounted();
    expectCatalogMatchesDisk();
  });

  it('promote moves accepted, calibrated nights to 20_Data; undo restores them', () => {
    // Blinking done: the user accepts two nights by moving them into accept/, and rescans.
    const accepted = [
      join(lib, RIGS[1] as string, '10_Blink/NGC 7000'),
      join(lib, RIGS[0] as string, '10_Blink/M101'),
    ];
    for (const target of accepted) {
      mkdirSync(join(target, 'accept'));
      renameSync(join(target, 'DATE_2024-10-04'), join(target, 'accept/DATE_2024-10-04'));
    }
    cli(['scan', lib, '--no-agents']);
    const before = snapshot();
    cli(['promote', '--library', lib, '--dry-run']);
    expect(snapshot()).toEqual(before);

    const result = cli(['promote', '--library', lib, '--json']).json<Report>();
    expect(
      result.groups
        ?.filter((g) => g.promoted)
        .map((g) => g.target)
        .sort(),
    ).toEqual(['M101', 'NGC 7000']);
    const data = join(lib, RIGS[1] as string, '20_Data/NGC 7000/DATE_2024-10-04');
    expect(readdirSync(data).sort()).toEqual([
      'FILTER_Ha_EXP_300.00',
      'FILTER_OIII_EXP_300.00',
      'FILTER_SII_EXP_300.00',
    ]);
    expect(existsSync(join(lib, 'SQA55+ATR585M/20_Data/FLAT'))).toBe(true);
    expect(existsSync(join(lib, 'SQA55+ATR585M/20_Data/DARK'))).toBe(true);
    expectAccounted();
    expectCatalogMatchesDisk();
    // HFR/stars/RMS survive the moves in the catalog.
    const promoted = cli(['search', '--under', `${data}/`, '--json']).json<
      Array<{ path: string; hfrPx: number }>
    >();
    expect(promoted.length).toBeGreaterThan(0);
    for (const frame of promoted)
      expect(frame.hfrPx).toBe(Number(frame.path.match(/_HFR_([\d.]+)_/)?.[1]));

    const journal = cli(['journal', '--library', lib, '--json']).json<
      Array<{ kind: string; status: string }>
    >();
    const kinds = journal.map((o) => o.kind);
    expect(kinds[0]).toBe('prepare');
    expect(kinds.at(-1)).toBe('promote');
    expect(kinds.slice(1, -1).every((kind) => kind === 'cull')).toBe(true);
    expect(journal.every((o) => o.status === 'complete')).toBe(true);

    const undone = cli(['undo', '--library', lib, '--json']).json<Report>();
    expect(undone.kind).toBe('undo');
    expect(undone.counts.moved).toBe(result.counts.moved);
    expect(existsSync(join(lib, RIGS[1] as string, '20_Data'))).toBe(false);
    expect(readdirSync(join(accepted[0] as string, 'accept/DATE_2024-10-04'))).toHaveLength(3);
    expectAccounted();
    expectCatalogMatchesDisk();
  });

  it('reports usage errors with exit code 2', () => {
    cli(['prepare', '--to', lib], 2);
    cli(['cull', '--library', lib, '--rig', 'x', '--pass', 'zero'], 2);
    cli(['undo', '--library', lib, '--yes', '--no'], 2);
  });
});
