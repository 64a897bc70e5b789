import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../fixtures/generate-library.js';
import { runCli } from './run-cli.js';

let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-notes-'));
  db = join(dir, 'catalog.sqlite');
  generateLibrary(join(dir, 'library'));
  const scan = runCli(['scan', join(dir, 'library'), '--db', db, '--json'], { cwd: dir });
  expect(scan.status, scan.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface NotesJson {
  created: string[];
  updated: string[];
  unchanged: string[];
}

describe('astrocat notes', () => {
  it('writes session plots as PNG with --plot-format png and embeds them', () => {
    const vault = join(dir, 'vault');
    const run = runCli(['notes', '--vault', vault, '--db', db, '--plot-format', 'png', '--json'], {
      cwd: dir,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = run.json<NotesJson>();
    const plots = result.created.filter((path) => path.startsWith('Astrocat/Sessions/plots/'));
    expect(plots.length).toBeGreaterThan(0);
    for (const plot of plots) {
      expect(plot).toMatch(/\.png$/);
      const bytes = readFileSync(join(vault, plot));
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    const note = result.created.find(
      (path) => path.startsWith('Astrocat/Sessions/') && path.endsWith('.md'),
    );
    const embedded = readFileSync(join(vault, note as string), 'utf8').match(/!\[\[(.*?)\]\]/)?.[1];
    expect(plots).toContain(embedded);

    // Back to SVG: the PNGs are replaced, not left behind.
    const back = runCli(['notes', '--vault', vault, '--db', db, '--json'], { cwd: dir });
    expect(back.status, back.stderr).toBe(0);
    const again = back.json<NotesJson & { removed: string[] }>();
    expect([...again.removed].sort()).toEqual([...plots].sort());
    expect(
      readdirSync(join(vault, 'Astrocat/Sessions/plots')).every((f) => f.endsWith('.svg')),
    ).toBe(true);
  });

  it('rejects an unknown plot format as a usage error', () => {
    const run = runCli([
      'notes',
      '--vault',
      join(dir, 'other'),
      '--db',
      db,
      '--plot-format',
      'gif',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--plot-format');
  });
});
