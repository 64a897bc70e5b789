import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCalibrationLibrary } from '../../../fixtures/calibration/generate-calibration-library.js';
import { runCli } from './run-cli.js';

const PROFILES = join(import.meta.dirname, '../../../fixtures/calibration/profiles');
// The CLI resolves `@astro/core/calibration` through core's package exports, which the lead wires.
const coreExports = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../core/package.json'), 'utf8'),
) as { exports: Record<string, unknown> };
const wired = coreExports.exports['./calibration'] !== undefined;

let dir: string;
let db: string;
let fixture: ReturnType<typeof generateCalibrationLibrary>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-calibration-'));
  db = join(dir, 'catalog.sqlite');
  fixture = generateCalibrationLibrary(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CalibrateJson {
  complete: boolean;
  groups: Array<{
    night: string;
    requirements: Array<{
      kind: string;
      chosen: { path: string; reason: string } | null;
      missing: { properties: Record<string, unknown> } | null;
    }>;
  }>;
}

describe.skipIf(!wired)('astrocat profiles / masters / calibrate', () => {
  it('profiles import reports the malformed name and imports the rest', () => {
    const run = runCli(['profiles', 'import', PROFILES, '--db', db, '--json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const result = run.json<{ imported: { name: string }[]; skipped: { path: string }[] }>();
    expect(result.imported).toHaveLength(3);
    expect(result.skipped.map((s) => s.path)).toEqual([join(PROFILES, 'default.profile')]);
  });

  it('masters import, then calibrate --strict --json reports chosen and missing masters', () => {
    const lib = ['--db', db, '--library', fixture.libraryDir];
    expect(runCli(['scan', fixture.libraryDir, '--db', db, '--json'], { cwd: dir }).status).toBe(0);
    const imported = runCli(['masters', 'import', fixture.mastersDir, ...lib, '--json'], {
      cwd: dir,
    });
    // The rebuilt dark under an existing standard name is a reported conflict: exit 1.
    expect(imported.status, imported.stderr).toBe(1);
    expect(imported.json<{ imported: unknown[]; conflicts: unknown[] }>().imported).toHaveLength(7);

    const dry = runCli(['calibrate', ...lib, '--dry-run', '--strict', '--json'], { cwd: dir });
    expect(dry.status, dry.stderr).toBe(1);
    const report = dry.json<CalibrateJson>();
    expect(report.complete).toBe(false);
    const night05 = report.groups.find((g) => g.night === '2024-10-05');
    const flat = night05?.requirements.find((r) => r.kind === 'FLAT');
    expect(flat?.chosen).toBeNull();
    expect(flat?.missing?.properties).toMatchObject({ night: '2024-10-05', filter: 'L' });
    expect(night05?.requirements.find((r) => r.kind === 'DARK')?.chosen?.reason).toContain(
      'set temp -10 °C',
    );

    const text = runCli(['calibrate', ...lib], { cwd: dir });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('FLAT     missing: needs type=MASTER FLAT');
  });
});
