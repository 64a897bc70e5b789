import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupCatalogDatabase, restoreCatalogDatabase } from './catalog-backup.js';
import { hashFile } from './hash-file.js';
import { localFolderTarget } from './local-folder-target.js';

describe('catalog backup', () => {
  it('copies a live WAL database with the online backup API and restores it', async () => {
    const { default: Database } = await import('better-sqlite3');
    const dir = await mkdtemp(join(tmpdir(), 'astrocat-cat-'));
    const catalogPath = join(dir, 'catalog.sqlite');
    const live = new Database(catalogPath);
    live.pragma('journal_mode = WAL');
    live.exec('CREATE TABLE frame (id INTEGER PRIMARY KEY, path TEXT)');
    const insert = live.prepare('INSERT INTO frame (path) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`/lib/f${i}.fits`);

    const target = localFolderTarget(join(dir, 'nas'));
    const copy = await backupCatalogDatabase(catalogPath, join(dir, 'backups'), {
      upload: target,
      now: () => Date.UTC(2024, 9, 5, 12),
    });
    expect(copy.path).toBe(join(dir, 'backups', 'catalog-20241005T120000Z.sqlite'));
    expect(copy.uploadedKey).toBe('_catalog/catalog-20241005T120000Z.sqlite');
    expect((await hashFile(join(dir, 'nas', copy.uploadedKey!))).sha256).toBe(copy.sha256);

    // Writes after the backup are not in the copy; restoring brings back exactly the copy.
    insert.run('/lib/late.fits');
    live.close();
    const { movedAside } = await restoreCatalogDatabase(copy.path, catalogPath, { now: () => 7 });
    expect(movedAside).toBe(`${catalogPath}.before-restore-7`);
    const restored = new Database(catalogPath, { readonly: true });
    expect(restored.prepare('SELECT count(*) AS n FROM frame').get()).toEqual({ n: 500 });
    restored.close();
    const aside = new Database(movedAside!, { readonly: true });
    expect(aside.prepare('SELECT count(*) AS n FROM frame').get()).toEqual({ n: 501 });
    aside.close();
  });

  it('refuses a damaged backup file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'astrocat-cat-'));
    await writeFile(join(dir, 'bad.sqlite'), 'not a database at all, just text'.repeat(200));
    await expect(
      restoreCatalogDatabase(join(dir, 'bad.sqlite'), join(dir, 'catalog.sqlite')),
    ).rejects.toThrow();
    await expect(readFile(join(dir, 'catalog.sqlite'))).rejects.toThrow();
  });
});
