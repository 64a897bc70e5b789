import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameRecord } from '../metadata/frame-record.js';
import { planCleanup } from './cleanup.js';
import { cull, type CullGroup } from './cull.js';
import type { FrameSource } from './frame-source.js';
import { listOperations } from './journal.js';
import { makeFakeFits, makeTestLight } from './make-test-frame.js';
import { planPrepare, prepare } from './prepare.js';
import { promote } from './promote.js';
import { undoLast } from './undo-operation.js';

let root: string;
let raw: string;
let lib: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'astrocat-flow-'));
  raw = join(root, 'RAW');
  lib = join(root, 'LIB');
  mkdirSync(lib, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in for the catalog: records by current path, following every move through onMoved. */
function memoryCatalog() {
  const frames = new Map<string, FrameRecord>();
  const source: FrameSource = {
    async *list(dir) {
      for (const [path, frame] of [...frames].sort()) {
        if (path.startsWith(`${dir}/`)) yield { path, sizeBytes: 0, frame, diagnostics: [] };
      }
    },
  };
  const moveFrame = (from: string, to: string) => {
    const frame = frames.get(from);
    if (!frame) return; // idempotent: already moved
    frames.delete(from);
    frames.set(to, { ...frame, path: to });
  };
  return { frames, source, moveFrame };
}

let seed = 0;
function addFrame(
  catalog: ReturnType<typeof memoryCatalog>,
  rel: string,
  overrides: Partial<FrameRecord>,
): string {
  const path = join(raw, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, makeFakeFits(++seed, 64));
  const minute = String(seed % 60).padStart(2, '0');
  catalog.frames.set(
    path,
    makeTestLight(path, { dateObsUtc: `2024-10-05T22:${minute}:00.000Z`, ...overrides }),
  );
  return path;
}

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.astrocat') walk(path);
      } else if (entry.name.endsWith('.fits')) {
        out.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function buildNight(catalog: ReturnType<typeof memoryCatalog>): void {
  const hfrHa = [2.1, 2.3, 2.2, 2.4, 2.5, 2.2, 2.6, 2.3, 5.0, 6.0];
  hfrHa.forEach((hfrPx, i) => addFrame(catalog, `2024-10-05/LIGHT/m31_ha_${i}.fits`, { hfrPx }));
  [5.8, 5.9, 2.0].forEach((hfrPx, i) =>
    addFrame(catalog, `2024-10-05/LIGHT/m31_r_${i}.fits`, { hfrPx, filter: 'R' }),
  );
  [0.5, 0.6, 2.5, 0.7].forEach((rmsArcsec, i) =>
    addFrame(catalog, `2024-10-05/LIGHT/ngc_${i}.fits`, {
      rmsArcsec,
      target: 'NGC 7000 / North America',
      filter: 'L',
    }),
  );
  for (const filter of ['Ha', 'R', 'L']) {
    for (let i = 0; i < 2; i++)
      addFrame(catalog, `2024-10-05/FLAT/flat_${filter}_${i}.fits`, {
        frameType: 'FLAT',
        target: null,
        filter,
        exposureSec: 1.5,
      });
  }
  for (let i = 0; i < 2; i++)
    addFrame(catalog, `2024-10-05/DARK/dark_${i}.fits`, {
      frameType: 'DARK',
      target: null,
      filter: null,
    });
  for (let i = 0; i < 2; i++)
    addFrame(catalog, `2024-10-05/BIAS/bias_${i}.fits`, {
      frameType: 'BIAS',
      target: null,
      filter: null,
      exposureSec: 0,
    });
  addFrame(catalog, 'masters/master_dark.fits', { frameType: 'MASTER DARK', target: null });
  mkdirSync(join(raw, 'keepme'), { recursive: true });
  writeFileSync(join(raw, 'keepme/.keep'), '');
}

describe('prepare → cull (two passes) → promote', () => {
  it('produces the reference layout and accounts for every frame by content hash', async () => {
    const catalog = memoryCatalog();
    buildNight(catalog);
    const originals = new Set(hashes(raw).values());
    const onMoved = catalog.moveFrame;

    const dry = await planPrepare({ from: raw, libraryDir: lib, source: catalog.source });
    const types = dry.plan.steps
      .filter((s) => s.op === 'move')
      .map((s) => catalog.frames.get(s.from ?? '')?.frameType);
    expect(types.indexOf('DARK')).toBeGreaterThan(types.lastIndexOf('BIAS'));
    expect(types.indexOf('FLAT')).toBeGreaterThan(types.lastIndexOf('DARK'));
    expect(types.indexOf('LIGHT')).toBeGreaterThan(types.lastIndexOf('FLAT'));
    expect(dry.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'WORKFLOW_NOT_SORTED' }),
    );

    const prepared = await prepare({ from: raw, libraryDir: lib, source: catalog.source, onMoved });
    expect(prepared.applied?.counts).toEqual({ moved: 27, removed: 5 });
    const rig = 'Esprit100@f5.5+ASI2600MM';
    const haFolder = join(lib, rig, '10_Blink/M31/DATE_2024-10-05/FILTER_Ha_EXP_300.00');
    expect(readdirSync(haFolder)).toHaveLength(10);
    expect(readdirSync(haFolder)[0]).toMatch(
      /^2024-10-05_22-\d\d-00_HFR_\d\.\d\d_STARS_812_RMSAC_0\.62_TEMP_-10\.00\.fits$/,
    );
    expect(existsSync(join(lib, rig, '10_Blink/NGC 7000 _ North America'))).toBe(true);
    expect(readdirSync(join(lib, 'Esprit100+ASI2600MM/10_Blink')).sort()).toEqual([
      'BIAS',
      'DARK',
      'FLAT',
    ]);
    expect(readdirSync(raw).sort()).toEqual(['keepme', 'masters']);

    const asked: CullGroup[] = [];
    const pass1 = await cull({
      libraryDir: lib,
      dir: join(lib, rig, '10_Blink'),
      source: catalog.source,
      pass: 1,
      rule: 'hfr > 4.6 or rmsArcsec > 2',
      autoAcceptFraction: 0.3,
      decide: (group) => {
        asked.push(group);
        return 'keep';
      },
      onMoved,
    });
    expect(
      pass1.groups.map((g) => [g.folder.split('/')[2], g.rejects.length, g.total, g.auto]),
    ).toEqual([
      ['M31', 2, 10, true],
      ['M31', 2, 3, false],
      ['NGC 7000 _ North America', 1, 4, true],
    ]);
    expect(asked.map((g) => g.folder)).toEqual([pass1.groups[1]?.folder]);
    expect(pass1.groups[0]?.stats.hfr).toMatchObject({ count: 10, min: 2.1, max: 6 });
    expect(pass1.applied?.counts).toEqual({ moved: 3 });

    const pass2 = await cull({
      libraryDir: lib,
      dir: join(lib, rig, '10_Blink'),
      source: catalog.source,
      pass: 2,
      rule: 'hfr > 5.5',
      autoAcceptFraction: 1,
      onMoved,
    });
    expect(pass2.applied?.counts).toEqual({ moved: 2 });
    expect(
      readdirSync(
        join(lib, '_REJECT/pass2', rig, '10_Blink/M31/DATE_2024-10-05/FILTER_R_EXP_300.00'),
      ),
    ).toHaveLength(2);

    // Blinking done: the user accepts M31's night by moving it into accept/.
    const m31 = join(lib, rig, '10_Blink/M31');
    mkdirSync(join(m31, 'accept'));
    renameSync(join(m31, 'DATE_2024-10-05'), join(m31, 'accept/DATE_2024-10-05'));
    for (const path of [...catalog.frames.keys()]) {
      if (path.startsWith(`${m31}/DATE_`))
        catalog.moveFrame(path, path.replace(`${m31}/`, `${m31}/accept/`));
    }

    const promoted = await promote({ libraryDir: lib, source: catalog.source, onMoved });
    expect(promoted.groups).toEqual([
      expect.objectContaining({ target: 'M31', lights: 9, promoted: true, missing: [] }),
    ]);
    expect(
      readdirSync(join(lib, rig, '20_Data/M31/DATE_2024-10-05/FILTER_Ha_EXP_300.00')),
    ).toHaveLength(8);
    expect(
      readdirSync(join(lib, rig, '20_Data/M31/DATE_2024-10-05/FILTER_R_EXP_300.00')),
    ).toHaveLength(1);
    expect(readdirSync(join(lib, 'Esprit100+ASI2600MM/20_Data')).sort()).toEqual(['DARK', 'FLAT']);
    expect(
      readdirSync(join(lib, 'Esprit100+ASI2600MM/20_Data/FLAT/DATE_2024-10-05')).sort(),
    ).toEqual([
      'FILTER_Ha_EXP_1.50_GAIN_100_OFFSET_50_SETTEMP_-10.00_BIN_1x1',
      'FILTER_R_EXP_1.50_GAIN_100_OFFSET_50_SETTEMP_-10.00_BIN_1x1',
    ]);

    // Every original frame exactly once, by content; the catalog matches the disk.
    const after = [...hashes(lib).values(), ...hashes(raw).values()];
    expect(after.length).toBe(originals.size);
    expect(new Set(after)).toEqual(originals);
    for (const path of catalog.frames.keys()) expect(existsSync(path)).toBe(true);
    expect(listOperations(lib).map((o) => [o.kind, o.status])).toEqual([
      ['prepare', 'complete'],
      ['cull', 'complete'],
      ['cull', 'complete'],
      ['promote', 'complete'],
    ]);

    // Undo the promotion: lights and calibration return to 10_Blink and the catalog follows.
    await undoLast(lib, { onMoved });
    expect(readdirSync(join(m31, 'accept/DATE_2024-10-05/FILTER_Ha_EXP_300.00'))).toHaveLength(8);
    expect(existsSync(join(lib, rig, '20_Data'))).toBe(false);
    for (const path of catalog.frames.keys()) expect(existsSync(path)).toBe(true);

    mkdirSync(join(lib, rig, '10_Blink/M42/DATE_x/FILTER_y'), { recursive: true });
    mkdirSync(join(lib, rig, '10_Blink/Kept'), { recursive: true });
    writeFileSync(join(lib, rig, '10_Blink/Kept/.keep'), '');
    const cleanupPlan = await planCleanup({ libraryDir: lib });
    expect(
      cleanupPlan.plan.steps.map((s) => [s.op, relative(join(lib, rig, '10_Blink'), s.from ?? '')]),
    ).toEqual([
      ['rmdir', 'M42/DATE_x/FILTER_y'],
      ['rmdir', 'M42/DATE_x'],
      ['rmdir', 'M42'],
    ]);
  });
});
