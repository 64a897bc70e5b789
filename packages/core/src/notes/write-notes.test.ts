import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import matter from 'gray-matter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import type { NoteFrame } from './session-summary.js';
import { noteFrame, noteFrames } from './test-frames.js';
import { writeNotes } from './write-notes.js';

let dir: string;
let catalog: Catalog;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-notes-'));
  catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

function add(frames: NoteFrame[]): void {
  const ids = catalog.upsertFrames(
    frames.map((record, i) => ({
      record,
      file: { sizeBytes: 1, mtimeMs: i },
      fingerprint: record.path,
    })),
  );
  for (const id of ids) catalog.markStitched(id, true);
}

function allNotes(vault: string): string[] {
  return readdirSync(vault, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.md'));
}

describe('writeNotes', () => {
  const vault = (): string => join(dir, 'vault');

  it('writes session, target and dashboard notes that parse, and is idempotent', async () => {
    add([
      ...noteFrames(12, '2024-10-05T20:00:00Z', { filter: 'Ha' }),
      ...noteFrames(6, '2024-10-06T01:00:00Z', { filter: 'OIII', exposureSec: 600 }),
      ...noteFrames(4, '2024-10-07T20:00:00Z', {
        night: '2024-10-07',
        target: 'NGC 7000: "NA" / Pelican',
        filter: 'L',
      }),
      noteFrame({ frameType: 'FLAT', filter: 'Ha', exposureSec: 1.5, path: '/cal/flat1.fits' }),
    ]);
    const first = await writeNotes(vault(), catalog, {
      folder: 'Astro',
      dataview: true,
      goalsH: { '*': { Ha: 10 } },
    });
    expect(first.created.sort()).toEqual([
      'Astro/Dashboard.md',
      'Astro/Sessions/2024-10-05 M 31.md',
      'Astro/Sessions/2024-10-07 NGC 7000 - NA - Pelican.md',
      'Astro/Targets/M 31.md',
      'Astro/Targets/NGC 7000 - NA - Pelican.md',
    ]);
    for (const rel of allNotes(vault())) {
      const parsed = matter(readFileSync(join(vault(), rel), 'utf8'));
      expect(parsed.data['astrocat'], rel).toMatch(/^(session|target|dashboard)$/);
    }
    const session = matter(
      readFileSync(join(vault(), 'Astro/Sessions/2024-10-05 M 31.md'), 'utf8'),
    );
    expect(session.data).toMatchObject({
      astrocat_id: '2024-10-05|Esprit 100@f5.5+ASI2600MM Pro|M 31',
      target: 'M 31',
      target_note: '[[Astro/Targets/M 31|M 31]]',
      frames: 18,
      frames_by_filter: { Ha: 12, OIII: 6 },
      integration_min: 120,
      integration_min_by_filter: { Ha: 60, OIII: 60 },
      gain: 100,
      set_temp_c: -10,
      tags: ['astrocat/session'],
    });
    expect(session.data['night']).toEqual(new Date('2024-10-05T00:00:00Z'));
    expect(session.data['moon_illumination_pct']).toBeGreaterThan(0);
    expect(session.data['astro_dark_h']).toBeGreaterThan(8);
    expect(session.content).toContain('| Ha | 12 | 0 | 300 s | 1 h 00 min |');
    expect(session.content).toContain('| FLAT | Ha | 1.50 s | 1 |');
    const dashboard = readFileSync(join(vault(), 'Astro/Dashboard.md'), 'utf8');
    expect(dashboard).toContain(
      '- [[Astro/Targets/M 31|M 31]]: Ha needs 9 h 00 min more (goal 10 h)',
    );
    expect(dashboard).toContain('no flats from that night for OIII');
    expect(dashboard).toContain('```dataview');

    const again = await writeNotes(vault(), catalog, {
      folder: 'Astro',
      dataview: true,
      goalsH: { '*': { Ha: 10 } },
    });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toHaveLength(5);
  });

  it('keeps hand edits and renamed notes while numbers update', async () => {
    add(noteFrames(10, '2024-10-05T20:00:00Z', { filter: 'Ha' }));
    await writeNotes(vault(), catalog);
    const original = join(vault(), 'Astrocat/Sessions/2024-10-05 M 31.md');
    const renamed = join(vault(), 'Astrocat/Sessions/First light on Andromeda.md');
    const edited = readFileSync(original, 'utf8')
      .replace('tags:\n', 'seeing: 3/5\ntags:\n')
      .replace('## Notes\n\n', '## Notes\n\nDew heater failed at 01:00.\n');
    writeFileSync(renamed, edited);
    rmSync(original);

    add(noteFrames(5, '2024-10-06T01:00:00Z', { filter: 'Ha' }));
    const result = await writeNotes(vault(), catalog);
    expect(result.created).toEqual([]);
    expect(result.updated).toContain('Astrocat/Sessions/First light on Andromeda.md');
    const after = readFileSync(renamed, 'utf8');
    const parsed = matter(after);
    expect(parsed.data).toMatchObject({ frames: 15, seeing: '3/5', integration_min: 75 });
    expect(after).toContain('## Notes\n\nDew heater failed at 01:00.\n');
    const target = readFileSync(join(vault(), 'Astrocat/Targets/M 31.md'), 'utf8');
    expect(target).toContain('[[Astrocat/Sessions/First light on Andromeda\\|2024-10-05]]');
  });

  it('writes a plot per session when given a renderer', async () => {
    add(noteFrames(3, '2024-10-05T20:00:00Z'));
    const result = await writeNotes(vault(), catalog, {
      plotSvg: (points) =>
        `<svg xmlns="http://www.w3.org/2000/svg"><!-- ${points.length} --></svg>`,
    });
    expect(result.created).toContain('Astrocat/Sessions/plots/2024-10-05 M 31.svg');
    expect(
      readFileSync(join(vault(), 'Astrocat/Sessions/plots/2024-10-05 M 31.svg'), 'utf8'),
    ).toContain('<!-- 3 -->');
    expect(readFileSync(join(vault(), 'Astrocat/Sessions/2024-10-05 M 31.md'), 'utf8')).toContain(
      '![[Astrocat/Sessions/plots/2024-10-05 M 31.svg]]',
    );
  });

  it('writes PNG plots when asked, and leaves an unchanged one alone', async () => {
    add(noteFrames(3, '2024-10-05T20:00:00Z'));
    const plotPng = (points: unknown[]): Uint8Array => Uint8Array.of(0x89, 0x50, points.length);
    const result = await writeNotes(vault(), catalog, { plotPng, plotSvg: () => '<svg/>' });
    const plot = 'Astrocat/Sessions/plots/2024-10-05 M 31.png';
    expect(result.created).toContain(plot);
    expect([...readFileSync(join(vault(), plot))]).toEqual([0x89, 0x50, 3]);
    expect(readFileSync(join(vault(), 'Astrocat/Sessions/2024-10-05 M 31.md'), 'utf8')).toContain(
      `![[${plot}]]`,
    );
    const again = await writeNotes(vault(), catalog, { plotPng });
    expect(again.unchanged).toContain(plot);
  });

  it('removes the plot of the format it no longer writes, and all plots when they are off', async () => {
    add(noteFrames(3, '2024-10-05T20:00:00Z'));
    const svg = 'Astrocat/Sessions/plots/2024-10-05 M 31.svg';
    const png = 'Astrocat/Sessions/plots/2024-10-05 M 31.png';
    // A file of the user's own beside the plots is never touched.
    const mine = join(vault(), 'Astrocat/Sessions/plots/my sketch.png');
    await writeNotes(vault(), catalog, { plotSvg: () => '<svg/>' });
    writeFileSync(mine, 'mine');
    const toPng = await writeNotes(vault(), catalog, { plotPng: () => Uint8Array.of(1) });
    expect(toPng.created).toContain(png);
    expect(toPng.removed).toEqual([svg]);
    expect(existsSync(join(vault(), svg))).toBe(false);
    const off = await writeNotes(vault(), catalog, {});
    expect(off.removed).toEqual([png]);
    expect(existsSync(join(vault(), png))).toBe(false);
    expect(
      readFileSync(join(vault(), 'Astrocat/Sessions/2024-10-05 M 31.md'), 'utf8'),
    ).not.toContain('plots/');
    expect(readFileSync(mine, 'utf8')).toBe('mine');
    expect((await writeNotes(vault(), catalog, {})).removed).toEqual([]);
  });

  it('stops when aborted', async () => {
    add(noteFrames(2, '2024-10-05T20:00:00Z'));
    const controller = new AbortController();
    controller.abort();
    await expect(writeNotes(vault(), catalog, { signal: controller.signal })).rejects.toMatchObject(
      { code: 'ABORTED' },
    );
    expect(readdirSync(dir)).not.toContain('vault');
  });
});
