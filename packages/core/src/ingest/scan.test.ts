import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../../fixtures/generate-library.js';
import { Catalog } from '../catalog/index.js';
import { openBetterSqlite } from '../catalog/better-sqlite-driver.js';
import { createFileAgent } from './file-agent.js';
import { runAgents } from './run-agents.js';
import { scanFolders, type ScanOptions } from './scan.js';

const options: ScanOptions = { extensions: ['.fits', '.fz', '.xisf'], ignore: ['.astrocat'] };
let dir: string;
let library: string;
let files: ReturnType<typeof generateLibrary>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-scan-'));
  library = join(dir, 'library');
  files = generateLibrary(library);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openCatalog(name: string): Promise<Catalog> {
  return Catalog.open({ path: join(dir, `${name}.sqlite`) });
}

/** The catalog's content that must not depend on how the scan ran. */
function snapshot(catalog: Catalog) {
  const frames = catalog
    .search({ includeUnstitched: true, orderBy: 'path' })
    .map(({ id: _id, addedAtMs: _a, updatedAtMs: _u, ...rest }) => rest);
  const errors = catalog
    .ingestErrors()
    .map(({ atMs: _at, ...rest }) => rest)
    .sort((a, b) => a.path.localeCompare(b.path));
  // The schema too: a scan that built its indexes at the end must leave every one of them.
  const schema = catalog.driver
    .prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name')
    .all();
  return { frames, errors, schema };
}

describe('scanFolders', () => {
  it('catalogs every good frame and lists every bad file with its reason, without stopping', async () => {
    const catalog = await openCatalog('full');
    const result = await scanFolders(catalog, [library], options);
    const good = files.lights.length + files.calibration.length + files.masters.length;
    expect(result.scanned).toBe(good + files.bad.length);
    expect(result.added).toBe(good);
    expect(result.errors.map((e) => e.path).sort()).toEqual([...files.bad].sort());
    const reasons = Object.fromEntries(result.errors.map((e) => [e.path.split('/').pop(), e.code]));
    expect(reasons['empty.fits']).toBe('EMPTY_FILE');
    expect(reasons['truncated-header.fits']).toBe('TRUNCATED');
    expect(reasons['truncated-data.fits']).toBe('TRUNCATED');
    expect(reasons['not-fits.fits']).toBe('UNKNOWN_FORMAT');
    expect(reasons['bad-xml.xisf']).toMatch(/XISF_BAD_HEADER|TRUNCATED/);
    expect(catalog.count({ frameType: 'LIGHT' })).toBe(files.lights.length);
    catalog.close();
  });

  it('is incremental: a second scan reads nothing, a touched file is updated', async () => {
    const catalog = await openCatalog('incremental');
    await scanFolders(catalog, [library], options);
    const again = await scanFolders(catalog, [library], options);
    expect(again.added + again.updated + again.removed).toBe(0);
    expect(again.unchanged).toBe(
      files.lights.length + files.calibration.length + files.masters.length,
    );
    catalog.close();
  });

  it('walks a folder named twice, or inside another root, once', async () => {
    const catalog = await openCatalog('overlap');
    const inner = dirname(files.lights[0]!);
    const result = await scanFolders(catalog, [library, inner, `${library}/`], options);
    const good = files.lights.length + files.calibration.length + files.masters.length;
    expect(result.scanned).toBe(good + files.bad.length);
    expect(result.added).toBe(good);
    catalog.close();
  });

  it('after a kill at any point, scanning again gives the same catalog as one uninterrupted scan', async () => {
    const reference = await openCatalog('reference');
    await scanFolders(reference, [library], options);
    const expected = snapshot(reference);
    reference.close();

    const child = fileURLToPath(new URL('./testing/scan-until-killed.ts', import.meta.url));
    for (const killAfter of [1, 8, 60, 110]) {
      const path = join(dir, `killed-${killAfter}.sqlite`);
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', child, path, library, String(killAfter)],
        { encoding: 'utf8' },
      );
      expect(run.signal, `status ${run.status}: ${run.stderr}`).toBe('SIGKILL');
      // Past the first batch the scan was a bulk load: killed with the frames' indexes set aside.
      const raw = await openBetterSqlite(path);
      const deferred = raw
        .prepare('SELECT count(*) AS n FROM deferred_indexes')
        .get<{ n: number }>();
      raw.close();
      expect(deferred!.n > 0).toBe(killAfter > 7);
      const catalog = await Catalog.open({ path });
      const partial = catalog.count({ includeUnstitched: true });
      expect(partial).toBeLessThan(expected.frames.length);
      await scanFolders(catalog, [library], options);
      expect(snapshot(catalog)).toEqual(expected);
      catalog.close();
    }
  });

  it("keeps a moved file's identity and enrichment, and removes a deleted one", async () => {
    const copy = join(dir, 'moving');
    cpSync(library, copy, { recursive: true });
    const catalog = await openCatalog('moves');
    await scanFolders(catalog, [copy], options);
    await runAgents(catalog, [createFileAgent()]);

    const light = files.lights[0]!.replace(library, copy);
    const before = catalog.getFrame(light)!;
    expect(before.sha256).toMatch(/^[0-9a-f]{64}$/);
    const moved = join(copy, 'Sorted', 'somewhere', 'renamed.fits');
    mkdirSync(dirname(moved), { recursive: true });
    renameSync(light, moved);
    const deleted = files.lights[1]!.replace(library, copy);
    unlinkSync(deleted);

    const result = await scanFolders(catalog, [copy], options);
    expect(result).toMatchObject({ moved: 1, removed: 1, added: 0 });
    const after = catalog.getFrame(moved)!;
    expect(after.id).toBe(before.id);
    expect(after.sha256).toBe(before.sha256);
    expect(catalog.getFrame(light)).toBeUndefined();
    expect(catalog.getFrame(deleted)).toBeUndefined();
    catalog.close();
  });

  it('re-reads a file whose size or mtime changed', async () => {
    const copy = join(dir, 'changing');
    cpSync(join(library, 'Masters'), copy, { recursive: true });
    const catalog = await openCatalog('changes');
    await scanFolders(catalog, [copy], options);
    const target = files.masters[0]!.replace(join(library, 'Masters'), copy);
    appendFileSync(target, Buffer.alloc(10));
    const result = await scanFolders(catalog, [copy], options);
    expect(result.updated).toBe(1);
    catalog.close();
  });

  it('cancelled midway through a bulk load, leaves the catalog with all its indexes', async () => {
    const catalog = await openCatalog('cancelled-bulk');
    const frameIndexes = () =>
      catalog.driver
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames' ORDER BY name",
        )
        .all();
    const before = frameIndexes();
    const controller = new AbortController();
    let dropped = false;
    await expect(
      scanFolders(catalog, [library], {
        ...options,
        batchSize: 7,
        signal: controller.signal,
        onProgress: ({ read }) => {
          if (read < 20 || controller.signal.aborted) return;
          dropped = frameIndexes().length < before.length;
          controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(dropped).toBe(true);
    expect(frameIndexes()).toEqual(before);
    expect(catalog.count({ includeUnstitched: true })).toBeGreaterThan(0);
    catalog.close();
  });

  it('stops with an abort error when cancelled', async () => {
    const catalog = await openCatalog('aborted');
    const controller = new AbortController();
    controller.abort();
    await expect(
      scanFolders(catalog, [library], { ...options, signal: controller.signal }),
    ).rejects.toThrow();
    catalog.close();
  });
});
