/**
 * The slice of the catalog's SQL driver port the backup ledger needs. Results may be values or
 * promises, so both the synchronous better-sqlite3 driver and an async one fit.
 */
export interface LedgerSqlDriver {
  exec(sql: string): unknown;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown;
  };
}

/** A catalog migration: the lead registers it with the catalog's migration runner. */
export interface BackupMigration {
  name: string;
  up(driver: LedgerSqlDriver): void | Promise<void>;
}

/** Creates the `backup_object` table that records every remote copy (see BackupRecord). */
export const backupLedgerMigration: BackupMigration = {
  name: '0100_backup_ledger',
  up(driver) {
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
  },
};
