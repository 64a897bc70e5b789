import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../fixtures/generate-library.js';
import { runCli } from './run-cli.js';

let dir: string;
let library: string;
let db: string;
let files: ReturnType<typeof generateLibrary>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-cli-'));
  library = join(dir, 'library');
  db = join(dir, 'catalog.sqlite');
  files = generateLibrary(library);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ScanJson {
  scanned: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: Array<{ path: string; code: string; message: string }>;
  agents: Record<string, { ok: number; failed: number }>;
}

describe('astrocat scan / search / stats / show', () => {
  it('scan --json reports every file and every bad file with its reason', () => {
    const run = runCli(['scan', library, '--db', db, '--json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const result = run.json<ScanJson>();
    const good = files.lights.length + files.calibration.length + files.masters.length;
    expect(result).toMatchObject({
      scanned: good + files.bad.length,
      added: good,
      updated: 0,
      unchanged: 0,
      removed: 0,
    });
    expect(result.errors).toHaveLength(files.bad.length);
    for (const error of result.errors) expect(error.message.length).toBeGreaterThan(5);
    expect(result.agents.file).toMatchObject({ ok: good, failed: 0 });
  });

  it('search --json returns frame records with the documented fields, filtered', () => {
    const run = runCli(['search', '--db', db, '--target', 'M33', '--filter', 'Ha', '--json'], {
      cwd: dir,
    });
    expect(run.status, run.stderr).toBe(0);
    const frames = run.json<Array<Record<string, unknown>>>();
    const expected = files.lights.filter((p) => p.includes('/M33 Panel') && p.includes('_Ha_'));
    expect(frames).toHaveLength(expected.length);
    const fields = [
      'path',
      'frameType',
      'target',
      'panel',
      'filter',
      'exposureSec',
      'gain',
      'offset',
      'setTempC',
      'sensorTempC',
      'binning',
      'readoutMode',
      'camera',
      'optic',
      'rig',
      'night',
      'dateObsUtc',
      'hfrPx',
      'starCount',
      'rmsArcsec',
    ];
    for (const frame of frames) {
      for (const field of fields) expect(frame, field).toHaveProperty(field);
      expect(frame).toMatchObject({
        frameType: 'LIGHT',
        target: 'M33',
        filter: 'Ha',
        exposureSec: 300,
        gain: 120,
        rig: 'SQA55@f5.3+ATR585M',
        binning: '1x1',
      });
      expect(['A', 'B']).toContain(frame.panel);
      expect(typeof frame.hfrPx).toBe('number');
      expect(frame.night).toBe('2024-10-03');
    }
  });

  it('search filters on any header keyword and on ranges', () => {
    const byHeader = runCli([
      'search',
      '--db',
      db,
      '--header',
      'READOUTM=High Gain',
      '--type',
      'LIGHT',
      '--json',
    ]).json<unknown[]>();
    expect(byHeader).toHaveLength(files.lights.filter((p) => p.includes('C8E@f10')).length);
    const shortExposures = runCli([
      'search',
      '--db',
      db,
      '--exposure',
      '..20',
      '--type',
      'LIGHT',
      '--json',
    ]).json<Array<{ exposureSec: number }>>();
    expect(shortExposures.length).toBeGreaterThan(0);
    expect(shortExposures.every((f) => f.exposureSec <= 20)).toBe(true);
  });

  it('stats --json sums integration by target × filter, rig and night', () => {
    const stats = runCli(['stats', '--db', db, '--json']).json<{
      frames: number;
      integrationSec: number;
      byTargetFilter: Array<{
        target: string;
        filter: string;
        frames: number;
        integrationSec: number;
      }>;
      byRig: Array<{ rig: string; frames: number }>;
      byNight: Array<{ night: string; frames: number }>;
    }>();
    expect(stats.frames).toBe(files.lights.length);
    const m51L = stats.byTargetFilter.find((r) => r.target === 'M51' && r.filter === 'L')!;
    expect(m51L).toMatchObject({ frames: 6, integrationSec: 720 });
    expect(stats.byRig.map((r) => r.rig).sort()).toEqual([
      'C8E@f10+ZWO ASI2600MM Pro',
      'DWARFIII@f4.3+DWARFIII',
      'SQA55@f5.3+ATR585M',
    ]);
    expect(stats.byNight.reduce((sum, n) => sum + n.frames, 0)).toBe(files.lights.length);
  });

  it('show --json prints every card typed, the record and diagnostics', () => {
    const run = runCli(['show', files.lights[0]!, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const shown = run.json<{
      format: string;
      hdus: Array<{ cards: Array<{ keyword: string; value: unknown; comment: string | null }> }>;
      record: Record<string, unknown>;
      diagnostics: unknown[];
    }>();
    expect(shown.format).toBe('fits');
    const cards = Object.fromEntries(shown.hdus[0]!.cards.map((c) => [c.keyword, c.value]));
    expect(cards).toMatchObject({
      SIMPLE: true,
      BITPIX: 16,
      BZERO: 32768,
      IMAGETYP: 'LIGHT',
      GAIN: 100,
      INSTRUME: 'ZWO ASI2600MM Pro',
    });
    expect(shown.record).toMatchObject({ frameType: 'LIGHT', camera: 'ZWO ASI2600MM Pro' });
    const xisf = runCli(['show', files.masters[0]!, '--json']).json<{
      format: string;
      record: { frameType: string };
    }>();
    expect(xisf.format).toBe('xisf');
    expect(xisf.record.frameType).toBe('MASTER DARK');
  });

  it('a second scan finds everything unchanged', () => {
    const again = runCli(['scan', library, '--db', db, '--json']).json<ScanJson>();
    expect(again.added).toBe(0);
    expect(again.unchanged).toBe(
      files.lights.length + files.calibration.length + files.masters.length,
    );
  });
});

describe('exit codes and configuration', () => {
  it('exits 2 on a usage error and 1 on a failure', () => {
    expect(runCli(['search', '--no-such-option']).status).toBe(2);
    expect(runCli(['show']).status).toBe(2);
    const missing = runCli(['show', join(dir, 'nope.fits')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.fits');
  });

  it('init writes a config with a $schema, and a bad config is reported field by field', () => {
    const work = mkdtempSync(join(dir, 'init-'));
    const run = runCli(['init', library, '--json'], { cwd: work });
    expect(run.status, run.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(work, 'astrocat.json'), 'utf8'));
    expect(config.$schema).toBe('./astrocat.schema.json');
    expect(JSON.parse(readFileSync(join(work, 'astrocat.schema.json'), 'utf8')).type).toBe(
      'object',
    );
    expect(runCli(['init'], { cwd: work }).status).toBe(2);

    writeFileSync(
      join(work, 'astrocat.json'),
      JSON.stringify({ catalog: { journalMode: 'sometimes' }, lirbary: {} }),
    );
    const bad = runCli(['stats', '--db', db], { cwd: work });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('catalog.journalMode');
    expect(bad.stderr).toContain('lirbary');
    expect(bad.stderr).toContain('CONFIG_INVALID');
  });

  it('scan uses library.folders from the configuration when no folder is given', () => {
    const work = mkdtempSync(join(dir, 'cfg-'));
    writeFileSync(
      join(work, 'astrocat.json'),
      JSON.stringify({
        library: { folders: [join(library, 'Masters')] },
        catalog: { path: 'cat.sqlite' },
        agents: { hashing: false },
        // Read headers in the writing thread: same catalog, no worker threads.
        scan: { workers: 0 },
      }),
    );
    const run = runCli(['scan', '--json'], { cwd: work });
    expect(run.status, run.stderr).toBe(0);
    expect(run.json<ScanJson>().added).toBe(files.masters.length);
  });
});
