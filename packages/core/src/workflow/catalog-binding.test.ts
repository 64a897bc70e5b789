import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/index.js';
import { isIngestError, readPendingFrame } from '../ingest/index.js';
import { bindCatalog, REJECTED_FIELD } from './catalog-binding.js';
import { cull } from './cull.js';
import { restoreRejects } from './library-operations.js';
import { makeFakeFits } from './make-test-frame.js';
import { prepare } from './prepare.js';

let root: string;
let raw: string;
let lib: string;
let catalog: Catalog;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'astrocat-binding-'));
  raw = join(root, 'RAW');
  lib = join(root, 'LIB');
  mkdirSync(lib, { recursive: true });
  catalog = await Catalog.open({ path: join(root, 'catalog.sqlite') });
});
afterEach(() => {
  catalog.close();
  rmSync(root, { recursive: true, force: true });
});

const text = (keyword: string, value: string) => `${keyword.padEnd(8)}= '${value.padEnd(8)}'`;
const num = (keyword: string, value: number) =>
  `${keyword.padEnd(8)}= ${String(value).padStart(20)}`;

/** A small NINA-like FITS file; HFR, stars and RMS exist only in its name, as NINA writes them. */
function writeFrame(name: string, type: string, seed: number, minute: number): string {
  const path = join(raw, '2024-10-05', type, name);
  const cards = [
    text('IMAGETYP', type),
    num('EXPOSURE', type === 'FLAT' ? 1.5 : 300),
    text('DATE-OBS', `2024-10-05T21:${String(minute).padStart(2, '0')}:00.000`),
    num('XBINNING', 1),
    num('YBINNING', 1),
    num('GAIN', 100),
    num('OFFSET', 50),
    num('SET-TEMP', -10),
    num('CCD-TEMP', -10),
    text('INSTRUME', 'ASI2600MM'),
    text('TELESCOP', 'Esprit100'),
    num('FOCALLEN', 550),
    num('FOCRATIO', 5.5),
    text('FILTER', 'Ha'),
    ...(type === 'LIGHT' ? [text('OBJECT', 'M31')] : []),
    text('SWCREATE', 'N.I.N.A. 3.1.2.9001'),
  ];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, makeFakeFits(seed, 64, cards));
  return path;
}

function lightName(minute: number, hfr: number): string {
  return `2024-10-05_21-${String(minute).padStart(2, '0')}-00_Ha_HFR_${hfr.toFixed(2)}_STARS_${500 + minute}_RMSAC_0.55_TEMP_-10.00_EXP_300.00s_${String(minute).padStart(4, '0')}.fits`;
}

async function catalogFile(path: string): Promise<void> {
  const pending = await readPendingFrame(path, { sizeBytes: 0, mtimeMs: 0 }, {});
  if (isIngestError(pending)) throw new Error(pending.message);
  const stat = statSync(path);
  catalog.upsertFrames([
    {
      ...pending,
      file: { sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) },
      stitched: true,
    },
  ]);
}

describe('bindCatalog', () => {
  it('keeps the catalog on every move, with filename-only metrics, reading each header once', async () => {
    const lights = [1, 2, 3, 4].map((m) =>
      writeFrame(lightName(m, m === 4 ? 6.1 : 2 + m / 10), 'LIGHT', m, m),
    );
    const flat = writeFrame('flat_0001.fits', 'FLAT', 9, 50);
    const broken = join(raw, '2024-10-05', 'LIGHT', 'broken.fits');
    writeFileSync(broken, 'not a FITS file at all\n');
    await catalogFile(lights[0] as string);
    const knownId = catalog.getFrame(lights[0] as string)?.id;

    const binding = bindCatalog(catalog);
    const run = await prepare({
      from: raw,
      libraryDir: lib,
      source: binding.source,
      onMoved: binding.onMoved,
      // A layout whose names drop HFR/STARS/RMS: the catalog must still have them.
      templates: { LIGHT: '{rig}/{stage}/{target}/{datetime}.{ext}' },
    });
    expect(run.applied?.counts.moved).toBe(5);
    expect(binding.headerReads).toBe(5); // 4 unknown files + the broken one; none read twice
    expect(existsSync(broken)).toBe(true);
    expect(run.diagnostics.map((d) => d.code)).toContain('WORKFLOW_UNREADABLE');
    expect(catalog.ingestErrors().map((e) => e.path)).toContain(broken);

    const stored = catalog.search({ pathPrefix: `${lib}/`, includeUnstitched: true });
    expect(stored).toHaveLength(5);
    for (const frame of stored) expect(existsSync(frame.path)).toBe(true);
    const movedLights = stored.filter((f) => f.frameType === 'LIGHT');
    expect(movedLights.map((f) => f.hfrPx).sort()).toEqual([2.1, 2.2, 2.3, 6.1]);
    expect(movedLights.map((f) => f.starCount).sort()).toEqual([501, 502, 503, 504]);
    expect(movedLights.every((f) => f.rmsArcsec === 0.55)).toBe(true);
    expect(movedLights.every((f) => !/HFR/.test(f.path))).toBe(true);
    expect(catalog.getFrame(lights[0] as string)).toBeUndefined();
    expect(stored.find((f) => f.id === knownId)?.path).toMatch(/21-01-00\.fits$/);
    expect(catalog.getFrame(flat)).toBeUndefined();

    // A replay after a crash: nothing at `from`, the frame at `to` — nothing changes.
    const step = run.plan.steps.find((s) => s.op === 'move') ?? { id: 0, op: 'move' as const };
    const result = run.applied?.results.find((r) => r.id === step.id);
    await binding.onMoved(step.from as string, result?.to as string, step);
    expect(catalog.search({ pathPrefix: `${lib}/`, includeUnstitched: true })).toHaveLength(5);
  });

  it('marks culled frames rejected in the catalog and clears the mark on restore', async () => {
    [1, 2, 3, 4].forEach((m) => writeFrame(lightName(m, m === 4 ? 6.1 : 2.2), 'LIGHT', m, m));
    const binding = bindCatalog(catalog);
    await prepare({ from: raw, libraryDir: lib, source: binding.source, onMoved: binding.onMoved });
    const culled = await cull({
      libraryDir: lib,
      dir: lib,
      source: binding.source,
      pass: 1,
      rule: 'hfr > 4.6',
      autoAcceptFraction: 0.3,
      onMoved: binding.onMoved,
    });
    expect(culled.applied?.counts).toEqual({ moved: 1 });
    const [rejected] = catalog.search({ pathPrefix: join(lib, '_REJECT') });
    expect(rejected?.hfrPx).toBe(6.1);
    expect(rejected?.fields[REJECTED_FIELD]).toBe('pass 1: hfr > 4.6');
    expect(existsSync(rejected?.path as string)).toBe(true);

    const restored = await restoreRejects({
      libraryDir: lib,
      source: binding.source,
      onMoved: binding.onMoved,
    });
    expect(restored.applied?.counts).toEqual({ moved: 1 });
    const back = catalog.getFrameById(rejected?.id as number);
    expect(back?.path.includes('_REJECT')).toBe(false);
    expect(existsSync(back?.path as string)).toBe(true);
    expect(back?.fields[REJECTED_FIELD]).toBeUndefined();
  });

  it('drops a frame deleted into the trash, and re-reads it when an undo brings it back', async () => {
    const path = writeFrame(lightName(1, 2.2), 'LIGHT', 1, 1);
    await catalogFile(path);
    const binding = bindCatalog(catalog);
    const trash = join(lib, '.astrocat', 'trash', 'x', lightName(1, 2.2));
    mkdirSync(dirname(trash), { recursive: true });
    renameSync(path, trash);
    await binding.onMoved(path, trash, { id: 0, op: 'delete', from: path });
    expect(catalog.getFrame(path)).toBeUndefined();
    renameSync(trash, path);
    await binding.onMoved(trash, path, { id: 0, op: 'move', from: trash, to: path });
    expect(catalog.getFrame(path)?.hfrPx).toBe(2.2);
  });
});
