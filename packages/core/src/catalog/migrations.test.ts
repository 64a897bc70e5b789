import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { openBetterSqlite } from './better-sqlite-driver.js';
import { Catalog } from './catalog.js';
import { FRAME_COLUMNS } from './frame-columns.js';
import { MIGRATIONS, applyMigrations, readSchemaVersion, type Migration } from './migrations.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const schemaOf = async (path: string) => {
  const driver = await openBetterSqlite(path);
  const rows = driver
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  driver.close();
  return rows;
};

describe('migrations', () => {
  it('migrates a fresh file from version 0, and re-opening changes nothing', async () => {
    const path = join(dir, 'catalog.sqlite');
    const driver = await openBetterSqlite(path);
    expect(readSchemaVersion(driver)).toBe(0);
    expect(applyMigrations(driver)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(applyMigrations(driver)).toEqual([]);
    driver.close();
    const first = await schemaOf(path);
    const catalog = await Catalog.open({ path });
    expect(catalog.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
    catalog.close();
    expect(await schemaOf(path)).toEqual(first);
  });

  it('has a typed frames column for every FrameRecord column key', async () => {
    const catalog = await Catalog.open({ path: join(dir, 'c.sqlite') });
    const columns = catalog.driver
      .prepare('PRAGMA table_info(frames)')
      .all<{ name: string }>()
      .map((c) => c.name);
    catalog.close();
    expect(columns).toEqual(
      expect.arrayContaining([
        ...Object.values(FRAME_COLUMNS),
        'sources',
        'sha256',
        'md5',
        'fingerprint',
        'stitched',
      ]),
    );
  });

  it('applies appended migrations in order, each atomically', async () => {
    const path = join(dir, 'c.sqlite');
    const last = MIGRATIONS.at(-1)!.version;
    const extra: Migration[] = [
      {
        version: last + 1,
        name: 'journal',
        up: (d) => d.exec('CREATE TABLE journal (id INTEGER PRIMARY KEY)'),
      },
      {
        version: last + 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE half_done (id INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    await expect(Catalog.open({ path, migrations: [...MIGRATIONS, ...extra] })).rejects.toThrow(
      new RegExp(`migration ${last + 2} \\(broken\\) failed: boom`),
    );
    const driver = await openBetterSqlite(path);
    expect(readSchemaVersion(driver)).toBe(last + 1);
    expect(
      driver.prepare("SELECT name FROM sqlite_master WHERE name IN ('journal', 'half_done')").all(),
    ).toEqual([{ name: 'journal' }]);
    driver.close();
  });

  it('refuses a catalog written by a newer astrocat', async () => {
    const path = join(dir, 'c.sqlite');
    const driver = await openBetterSqlite(path);
    driver.exec('PRAGMA user_version = 999');
    driver.close();
    const error = await Catalog.open({ path }).catch((e: unknown) => e);
    expect(isAstroError(error, 'CATALOG_ERROR')).toBe(true);
    expect((error as Error).message).toMatch(/schema version 999.*newer astrocat/);
  });

  it('rejects a migration list out of order', async () => {
    const driver = await openBetterSqlite(':memory:');
    expect(() =>
      applyMigrations(driver, [MIGRATIONS[0]!, { version: 1, name: 'dup', up: () => {} }]),
    ).toThrow(/increasing/);
    driver.close();
  });
});
