import { copyFile, constants, mkdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AstroError, ErrorCode } from '../errors/index.js';
import { openFileSource } from '../io/byte-source.js';
import { hashFile } from './hash-file.js';
import type { StorageTarget } from './storage-target.js';

export interface CatalogBackupResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** Object key when uploaded. */
  uploadedKey: string | null;
}

/** Catalog copies live under this key prefix on a target, apart from the library's keys. */
export const CATALOG_KEY_PREFIX = '_catalog/';

/**
 * Copies the SQLite catalog with SQLite's online backup API (consistent even while another
 * process writes), checks the copy's integrity, and optionally uploads it to a target.
 *
 * Restore: stop every astrocat process (CLI, Obsidian, VS Code), then call
 * {@link restoreCatalogDatabase} with the copy — or by hand, move `catalog.sqlite` and its
 * `-wal`/`-shm` files aside and copy the backup file into its place.
 *
 * @example
 * ```ts
 * const copy = await backupCatalogDatabase('/lib/.astrocat/catalog.sqlite', '/mnt/nas/catalog-backups', { upload: target });
 * ```
 */
export async function backupCatalogDatabase(
  catalogPath: string,
  destinationDir: string,
  options: { upload?: StorageTarget; now?: () => number } = {},
): Promise<CatalogBackupResult> {
  const Database = await loadDriver();
  await mkdir(destinationDir, { recursive: true });
  const stamp = new Date((options.now ?? Date.now)())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const path = join(
    destinationDir,
    `${basename(catalogPath).replace(/\.(sqlite3?|db)$/i, '')}-${stamp}.sqlite`,
  );
  if (await stat(path).catch(() => null))
    throw new AstroError(ErrorCode.IO_ERROR, `backup already exists: ${path}`, {
      details: { path },
    });
  const db = new Database(catalogPath, { readonly: true, fileMustExist: true });
  try {
    await db.backup(path);
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `catalog backup failed: ${(cause as Error).message}`,
      { cause, details: { catalogPath } },
    );
  } finally {
    db.close();
  }
  await checkIntegrity(path);
  const { sha256, md5, sizeBytes } = await hashFile(path);
  let uploadedKey: string | null = null;
  if (options.upload) {
    uploadedKey = CATALOG_KEY_PREFIX + basename(path);
    const source = await openFileSource(path);
    try {
      await options.upload.put({
        key: uploadedKey,
        source,
        sha256,
        md5,
        sizeBytes,
        mtimeMs: Date.now(),
      });
    } finally {
      await source.close();
    }
  }
  return { path, sizeBytes, sha256, uploadedKey };
}

/**
 * Puts a catalog backup in place. The current catalog (and its WAL files) is moved aside to
 * `<catalog>.before-restore-<time>`, never deleted. Run it only while no astrocat process has
 * the catalog open.
 *
 * @example
 * ```ts
 * await restoreCatalogDatabase('/mnt/nas/catalog-backups/catalog-20241005T120000Z.sqlite', '/lib/.astrocat/catalog.sqlite');
 * ```
 */
export async function restoreCatalogDatabase(
  backupPath: string,
  catalogPath: string,
  options: { now?: () => number } = {},
): Promise<{ movedAside: string | null }> {
  await checkIntegrity(backupPath);
  let movedAside: string | null = null;
  if (await stat(catalogPath).catch(() => null)) {
    movedAside = `${catalogPath}.before-restore-${(options.now ?? Date.now)()}`;
    await rename(catalogPath, movedAside);
    for (const suffix of ['-wal', '-shm']) {
      if (await stat(catalogPath + suffix).catch(() => null))
        await rename(catalogPath + suffix, movedAside + suffix);
    }
  }
  await copyFile(backupPath, catalogPath, constants.COPYFILE_EXCL);
  return { movedAside };
}

async function checkIntegrity(path: string): Promise<void> {
  const Database = await loadDriver();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new AstroError(
        ErrorCode.CATALOG_ERROR,
        `catalog copy ${path} failed integrity_check: ${String(result)}`,
      );
  } finally {
    db.close();
  }
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      'better-sqlite3 is not available for the catalog backup',
      { cause },
    );
  }
}
