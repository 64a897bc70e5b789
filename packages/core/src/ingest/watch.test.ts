import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../../fixtures/generate-library.js';
import { Catalog } from '../catalog/index.js';
import { watchFolders, type WatchEvent } from './watch.js';

let dir: string;
let files: ReturnType<typeof generateLibrary>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-watch-'));
  files = generateLibrary(join(dir, 'source'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function waitFor(
  events: WatchEvent[],
  predicate: (e: WatchEvent) => boolean,
  timeoutMs = 15_000,
): Promise<WatchEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = events.find(predicate);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out; events so far: ${JSON.stringify(events)}`));
      }
    }, 25);
  });
}

describe('watchFolders', () => {
  it('catalogs a landing file within seconds, follows a move keeping identity, and drops a deleted file', async () => {
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const catalog = await Catalog.open({ path: join(dir, 'watch.sqlite') });
    const events: WatchEvent[] = [];
    const watcher = watchFolders(catalog, [inbox], {
      extensions: ['.fits', '.xisf'],
      ignore: ['.astrocat'],
      stableMs: 200,
      removalGraceMs: 600,
      onEvent: (e) => events.push(e),
    });
    try {
      await watcher.ready;
      const landed = join(inbox, 'light.fits');
      const t0 = Date.now();
      copyFileSync(files.lights[0]!, landed);
      await waitFor(events, (e) => e.type === 'added' && e.path === landed);
      expect(Date.now() - t0).toBeLessThan(5000);
      const before = catalog.getFrame(landed)!;
      expect(before.frameType).toBe('LIGHT');

      mkdirSync(join(inbox, 'sorted'));
      const moved = join(inbox, 'sorted', 'renamed.fits');
      renameSync(landed, moved);
      await waitFor(events, (e) => e.type === 'moved' && e.path === moved);
      expect(catalog.getFrame(moved)!.id).toBe(before.id);
      expect(catalog.getFrame(landed)).toBeUndefined();

      const bad = join(inbox, 'bad.fits');
      copyFileSync(
        files.bad.find((p) => p.endsWith('not-fits.fits'))!,
        bad,
      );
      await waitFor(events, (e) => e.type === 'error' && e.path === bad);
      expect(catalog.ingestErrors().map((e) => e.path)).toContain(bad);

      unlinkSync(moved);
      await waitFor(events, (e) => e.type === 'removed' && e.path === moved);
      expect(catalog.getFrame(moved)).toBeUndefined();
    } finally {
      await watcher.close();
      catalog.close();
    }
  });
});
