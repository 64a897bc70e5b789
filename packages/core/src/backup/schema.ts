import type { SqlDriver } from '../catalog/driver.js';
import type { Migration } from '../catalog/migrations.js';

/** The slice of the catalog's SqlDriver the backup ledger uses. */
export type LedgerSqlDriver = Pick<SqlDriver, 'exec' | 'prepare'>;

/**
 * Creates the `backup_object` table that records every remote copy (see BackupRecord). The
 * catalog owns version numbers: register it as `{ version: N, ...backupLedgerMigration }`.
 * Idempotent, so {@link ensureBackupLedgerTable} can also run it on an older catalog.
 */
export const backupLedgerMigration: Omit<Migration, 'version'> = {
  name: 'backup ledger',
  up(driver) {
    ensureBackupLedgerTable(driver);
  },
};

/**
 * Creates the tables where multipart uploads in progress record their acknowledged parts, so an
 * interrupted backup continues them (see UploadCheckpoints). Idempotent.
 */
export const uploadCheckpointsMigration: Omit<Migration, 'version'> = {
  name: 'backup upload checkpoints',
  up(driver) {
    ensureUploadCheckpointTables(driver);
  },
};

export function ensureUploadCheckpointTables(driver: LedgerSqlDriver): void {
  driver.exec(`
    CREATE TABLE IF NOT EXISTS backup_upload (
      target TEXT NOT NULL,
      key TEXT NOT NULL,
      upload_id TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      part_bytes INTEGER NOT NULL,
      part_checksum TEXT NOT NULL CHECK (part_checksum IN ('CRC32', 'SHA256')),
      started_at_ms INTEGER NOT NULL,
      PRIMARY KEY (target, key)
    );
    CREATE TABLE IF NOT EXISTS backup_upload_part (
      target TEXT NOT NULL,
      upload_id TEXT NOT NULL,
      part_number INTEGER NOT NULL,
      etag TEXT NOT NULL,
      checksum TEXT NOT NULL,
      PRIMARY KEY (target, upload_id, part_number)
    );
  `);
}

export function ensureBackupLedgerTable(driver: LedgerSqlDriver): void {
  driver.exec(`
    CREATE TABLE IF NOT EXISTS backup_object (
      target TEXT NOT NULL,
      key TEXT NOT NULL,
      rel_path TEXT NOT NULL,
      local_path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      local_mtime_ms INTEGER NOT NULL,
      version_id TEXT,
      etag TEXT,
      part_count INTEGER NOT NULL DEFAULT 1,
      storage_class TEXT,
      uploaded_at_ms INTEGER NOT NULL,
      verified_at_ms INTEGER,
      verify_kind TEXT CHECK (verify_kind IN ('quick', 'deep')),
      verify_status TEXT CHECK (verify_status IN ('ok', 'mismatch', 'missing')),
      rig TEXT,
      astro_target TEXT,
      frame_type TEXT,
      night TEXT,
      PRIMARY KEY (target, key)
    );
    CREATE INDEX IF NOT EXISTS backup_object_rel_path ON backup_object (rel_path);
  `);
}
