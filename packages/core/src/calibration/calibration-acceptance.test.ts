import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCalibrationLibrary,
  RIG,
} from '../../../../fixtures/calibration/generate-calibration-library.js';
import { Catalog } from '../catalog/catalog.js';
import { readFrameRecord } from '../image-file/read-frame-record.js';
import { frameFingerprint } from '../ingest/fingerprint.js';
import { formatPlan } from '../workflow/plan.js';
import { undoLast } from '../workflow/undo-operation.js';
import { calibrate } from './calibrate.js';
import { parseCalibrationConfig } from './calibration-config.js';
import { formatCalibrationReport } from './format-report.js';
import { importMasters } from './import-masters.js';
import { CalibrationStore } from './schema.js';

let root: string;
let fixture: ReturnType<typeof generateCalibrationLibrary>;
let catalog: Catalog;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'astro-calibration-'));
  fixture = generateCalibrationLibrary(root);
  catalog = await Catalog.open({ path: join(root, 'catalog.sqlite') });
  const lights = Object.values(fixture.lights).flat();
  const items = [];
  for (const path of lights) {
    const { value } = await readFrameRecord(path);
    const size = statSync(path).size;
    items.push({
      record: value,
      file: { sizeBytes: size, mtimeMs: 0 },
      fingerprint: frameFingerprint(value, size),
      stitched: true,
    });
  }
  catalog.upsertFrames(items);
});

afterAll(() => {
  catalog.close();
  rmSync(root, { recursive: true, force: true });
});

const masterDir = (kind: string) => join(fixture.libraryDir, '_Masters', RIG.calibrationRig, kind);

describe('calibration acceptance', () => {
  it('imports masters under standard names: identical skipped, different reported, nothing overwritten', async () => {
    const result = await importMasters(catalog, {
      sourceDir: fixture.mastersDir,
      libraryDir: fixture.libraryDir,
    });
    expect(result.imported.map((i) => basename(i.from)).sort()).toEqual([
      'bias.fits',
      'dark_gain0.fits',
      'dark_good.xisf',
      'dark_lownoise.xisf',
      'dark_nogain.xisf',
      'dark_warm.xisf',
      'flat_L_prev_night.xisf',
    ]);
    expect(result.identical.map((i) => basename(i.from))).toEqual(['dark_good_copy.xisf']);
    expect(result.conflicts.map((i) => basename(i.from))).toEqual(['z_dark_good_rebuilt.xisf']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MASTER_CONFLICT']);
    const good = result.imported.find((i) => basename(i.from) === 'dark_good.xisf')?.to;
    expect(good).toBe(
      join(
        masterDir('DARK'),
        'MasterDark_2024-10-05_EXP_120.00s_GAIN_100_OFFSET_50_TEMP_-10.00_BIN_1x1_High-Gain.xisf',
      ),
    );
    expect(
      catalog.search({
        frameType: ['MASTER DARK', 'MASTER FLAT', 'MASTER BIAS'],
        includeUnstitched: true,
      }),
    ).toHaveLength(7);
    // A second import finds everything in place and copies nothing.
    const again = await importMasters(catalog, {
      sourceDir: fixture.mastersDir,
      libraryDir: fixture.libraryDir,
    });
    expect(again.imported).toEqual([]);
    expect(again.identical).toHaveLength(8);
    expect(again.conflicts).toHaveLength(1);
  });

  it('matches exactly as the rules say and explains every near-miss (dry run changes nothing)', async () => {
    const result = await calibrate(catalog, { libraryDir: fixture.libraryDir, dryRun: true });
    expect(result.run.applied).toBeNull();
    const [night04, night05] = result.groups;
    expect(night04?.night).toBe('2024-10-04');
    expect(night04?.complete).toBe(true);
    expect(night05?.night).toBe('2024-10-05');
    expect(night05?.complete).toBe(false);
    expect(result.complete).toBe(false);

    const dark = night05?.requirements.find((r) => r.kind === 'DARK');
    expect(basename(dark?.chosen?.path ?? '')).toMatch(
      /^MasterDark_2024-10-05_EXP_120.00s_GAIN_100_OFFSET_50_TEMP_-10.00_BIN_1x1_High-Gain/,
    );
    const reasons = (dark?.nearMisses ?? []).map((m) => m.reasons);
    expect(reasons.sort()).toEqual(
      [
        ['gain 0 ≠ 100'],
        ['lacks gain'],
        ['readout mode Low Noise ≠ High Gain'],
        ['set temp -8 °C is 2 °C warmer than -10 °C (±1)'],
      ].sort(),
    );
    const flat = night05?.requirements.find((r) => r.kind === 'FLAT');
    expect(flat?.chosen).toBeNull();
    expect(flat?.missing?.properties).toMatchObject({
      type: 'MASTER FLAT',
      night: '2024-10-05',
      filter: 'L',
      optic: 'C8E',
    });
    expect(flat?.nearMisses.map((m) => m.reasons)).toEqual([
      ['night 2024-10-04 is not the light’s night 2024-10-05'],
    ]);
    expect(night04?.requirements.find((r) => r.kind === 'FLAT')?.chosen?.path).toContain(
      'MasterFlat_2024-10-04_FILTER_L',
    );

    const text = formatCalibrationReport(result.groups);
    expect(text).toContain('FLAT     missing: needs type=MASTER FLAT');
    expect(text).toContain('near-miss');
    expect(formatPlan(result.run.plan)).toContain('link');
    expect(result.run.plan.steps).toHaveLength(5);
    for (const step of result.run.plan.steps) expect(existsSync(step.to as string)).toBe(false);
  });

  it('places masters beside the lights, links them for audit, is idempotent and undoable', async () => {
    const result = await calibrate(catalog, { libraryDir: fixture.libraryDir });
    expect(result.run.applied?.counts).toEqual({ linked: 5 });
    const lightFolder04 = join(
      fixture.libraryDir,
      RIG.name,
      '10_Blink',
      'M51',
      'DATE_2024-10-04',
      'FILTER_L_EXP_120.00',
    );
    const flatPath = result.groups[0]?.requirements.find((r) => r.kind === 'FLAT')?.chosen
      ?.path as string;
    const placed = join(lightFolder04, basename(flatPath));
    expect(statSync(placed).ino).toBe(statSync(flatPath).ino);

    const store = new CalibrationStore(catalog.driver);
    expect(store.lightsUsing(flatPath)).toEqual(fixture.lights['2024-10-04']);
    const light = fixture.lights['2024-10-05']?.[0] as string;
    expect(store.mastersOf(light).map((m) => m.kind)).toEqual(['BIAS', 'DARK']);
    expect(result.links).toBe(2 * 3 + 2 * 2);

    const again = await calibrate(catalog, { libraryDir: fixture.libraryDir });
    expect(again.run.applied?.counts).toEqual({ duplicate: 5 });

    // The second run placed nothing, so undo it first (a no-op), then the placing run.
    await undoLast(fixture.libraryDir);
    await undoLast(fixture.libraryDir);
    expect(existsSync(placed)).toBe(false);
    expect(existsSync(flatPath)).toBe(true);
  });

  it('places clones (or verified copies) when distribution is reflink', async () => {
    const config = parseCalibrationConfig({ distribution: 'reflink' });
    const result = await calibrate(catalog, { libraryDir: fixture.libraryDir, config });
    expect(result.run.plan.steps.every((step) => step.op === 'copy' && step.reflink === true)).toBe(
      true,
    );
    expect(result.run.applied?.counts).toEqual({ copied: 5 });
    const step = result.run.plan.steps[0]!;
    const placed = step.to as string;
    // Same bytes, its own inode: a clone or a copy, never a second name for the master.
    expect(readFileSync(placed)).toEqual(readFileSync(step.from as string));
    expect(statSync(placed).ino).not.toBe(statSync(step.from as string).ino);
    await undoLast(fixture.libraryDir);
    expect(existsSync(placed)).toBe(false);
  });
});
