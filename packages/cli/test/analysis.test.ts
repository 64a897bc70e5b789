import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/real/${name}`, import.meta.url));
const plate = fixture('comp.fits');
const starField = fixture('source-u16.fits');
const dir = mkdtempSync(join(tmpdir(), 'astrocat-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  path: string;
  starCount: number;
  hfrPx: number;
  fwhmPx: number;
  fwhmArcsec: number | null;
  eccentricity: number;
  backgroundAdu: number;
  noiseAdu: number;
  stars?: Array<{ x: number; y: number; flux: number; hfrPx: number; fwhmPx: number; snr: number }>;
}

describe('astrocat analyze / preview', () => {
  it('analyze --json --stars reports every frame and its stars in 1-based FITS pixels', () => {
    const run = runCli(['analyze', '--json', '--stars', '--workers', '0', plate, starField]);
    expect(run.status).toBe(0);
    const rows = run.json<Row[]>();
    expect(rows.map((row) => row.path).sort()).toEqual([plate, starField].sort());
    for (const row of rows) {
      for (const key of [
        'starCount',
        'hfrPx',
        'fwhmPx',
        'eccentricity',
        'backgroundAdu',
        'noiseAdu',
      ])
        expect(typeof row[key as keyof Row]).toBe('number');
      expect(row).toHaveProperty('fwhmArcsec');
      expect(row.stars?.length).toBe(row.starCount);
    }
    // The 64×48 star field made with fpack's fixtures holds three stars.
    const field = rows.find((row) => row.path === starField)!;
    expect(field.starCount).toBe(3);
    for (const star of field.stars!) {
      expect(star.x).toBeGreaterThanOrEqual(1);
      expect(star.y).toBeGreaterThanOrEqual(1);
      for (const key of ['flux', 'hfrPx', 'fwhmPx', 'snr'] as const)
        expect(star[key]).toBeGreaterThan(0);
    }
  });

  it('--hfr-method source-extractor reports FLUX_RADIUS, and a bad method is a usage error', () => {
    const sampled = runCli(['analyze', '--json', '--workers', '0', plate]).json<Row[]>()[0]!;
    const flux = runCli([
      'analyze',
      '--json',
      '--workers',
      '0',
      '--hfr-method',
      'source-extractor',
      plate,
    ]).json<Row[]>()[0]!;
    expect(flux.starCount).toBe(sampled.starCount);
    expect(flux.fwhmPx).toBe(sampled.fwhmPx);
    // Undersampled stars on a galaxy halo: FLUX_RADIUS reads well above the sampled radius.
    expect(flux.hfrPx).toBeGreaterThan(1.2 * sampled.hfrPx);
    const bad = runCli(['analyze', '--hfr-method', 'nina', plate]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--hfr-method must be sampled or source-extractor, got nina/);
  });

  it('preview -o writes a PNG of the frame', () => {
    const output = join(dir, 'plate.png');
    const run = runCli(['preview', plate, '-o', output, '--json']);
    expect(run.status).toBe(0);
    expect(run.json<{ output: string; width: number; height: number }>()).toMatchObject({
      output,
      width: 440,
      height: 300,
    });
    expect(readFileSync(output).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });
});
