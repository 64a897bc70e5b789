import type { BackupLedger, BackupRecord, VerifyKind, VerifyStatus } from './backup-ledger.js';
import {
  ensureBackupLedgerTable,
  ensureUploadCheckpointTables,
  type LedgerSqlDriver,
} from './schema.js';
import type { PartChecksumAlgorithm } from './s3-upload.js';
import type { SentPart, UploadCheckpoints } from './upload-checkpoints.js';

interface Row {
  target: string;
  key: string;
  rel_path: string;
  local_path: string;
  sha256: string;
  size_bytes: number;
  local_mtime_ms: number;
  version_id: string | null;
  etag: string | null;
  part_count: number;
  storage_class: string | null;
  uploaded_at_ms: number;
  verified_at_ms: number | null;
  verify_kind: string | null;
  verify_status: string | null;
  rig: string | null;
  astro_target: string | null;
  frame_type: string | null;
  night: string | null;
}

const COLUMNS =
  'target, key, rel_path, local_path, sha256, size_bytes, local_mtime_ms, version_id, etag, part_count, storage_class, ' +
  'uploaded_at_ms, verified_at_ms, verify_kind, verify_status, rig, astro_target, frame_type, night';

/**
 * The backup ledger on the catalog's SQL driver (table from {@link backupLedgerMigration}).
 *
 * @example
 * ```ts
 * backupLedgerMigration.up(driver);
 * const ledger = sqlBackupLedger(driver);
 * ```
 */
export function sqlBackupLedger(driver: LedgerSqlDriver): BackupLedger {
  const select = `SELECT ${COLUMNS} FROM backup_object`;
  return {
    async get(target, key) {
      const row = (await driver
        .prepare(`${select} WHERE target = ? AND key = ?`)
        .get(target, key)) as Row | undefined;
      return row ? fromRow(row) : null;
    },
    async list(target) {
      const rows = (await (target === undefined
        ? driver.prepare(`${select} ORDER BY target, key`).all()
        : driver.prepare(`${select} WHERE target = ? ORDER BY key`).all(target))) as Row[];
      return rows.map(fromRow);
    },
    async record(r) {
      await driver
        .prepare(
          `INSERT OR REPLACE INTO backup_object (${COLUMNS}) VALUES (${COLUMNS.split(',')
            .map(() => '?')
            .join(', ')})`,
        )
        .run(
          r.target,
          r.key,
          r.relPath,
          r.localPath,
          r.sha256,
          r.sizeBytes,
          Math.round(r.localMtimeMs),
          r.versionId,
          r.etag,
          r.partCount,
          r.storageClass,
          r.uploadedAtMs,
          r.verifiedAtMs,
          r.verifyKind,
          r.verifyStatus,
          r.rig,
          r.astroTarget,
          r.frameType,
          r.night,
        );
    },
    async markVerified(target, key, mark) {
      await driver
        .prepare(
          'UPDATE backup_object SET verified_at_ms = ?, verify_kind = ?, verify_status = ? WHERE target = ? AND key = ?',
        )
        .run(mark.atMs, mark.kind, mark.status, target, key);
    },
    async remove(target, key) {
      await driver
        .prepare('DELETE FROM backup_object WHERE target = ? AND key = ?')
        .run(target, key);
    },
    checkpoints: (target) => sqlUploadCheckpoints(driver, target),
  };
}

interface UploadRow {
  upload_id: string;
  sha256: string;
  size_bytes: number;
  mtime_ms: number;
  part_bytes: number;
  part_checksum: string;
  started_at_ms: number;
}

function sqlUploadCheckpoints(driver: LedgerSqlDriver, target: string): UploadCheckpoints {
  const forgetParts = (key: string) =>
    driver
      .prepare(
        'DELETE FROM backup_upload_part WHERE target = ? AND upload_id IN (SELECT upload_id FROM backup_upload WHERE target = ? AND key = ?)',
      )
      .run(target, target, key);
  return {
    async load(key) {
      const row = (await driver
        .prepare(
          'SELECT upload_id, sha256, size_bytes, mtime_ms, part_bytes, part_checksum, started_at_ms FROM backup_upload WHERE target = ? AND key = ?',
        )
        .get(target, key)) as UploadRow | undefined;
      if (!row) return null;
      const parts = (await driver
        .prepare(
          'SELECT part_number AS partNumber, etag, checksum FROM backup_upload_part WHERE target = ? AND upload_id = ? ORDER BY part_number',
        )
        .all(target, row.upload_id)) as SentPart[];
      return {
        uploadId: row.upload_id,
        sha256: row.sha256,
        sizeBytes: Number(row.size_bytes),
        mtimeMs: Number(row.mtime_ms),
        partBytes: Number(row.part_bytes),
        partChecksum: row.part_checksum as PartChecksumAlgorithm,
        startedAtMs: Number(row.started_at_ms),
        parts: parts.map((part) => ({ ...part, partNumber: Number(part.partNumber) })),
      };
    },
    async start(key, c) {
      await forgetParts(key);
      await driver
        .prepare(
          'INSERT OR REPLACE INTO backup_upload (target, key, upload_id, sha256, size_bytes, mtime_ms, part_bytes, part_checksum, started_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          target,
          key,
          c.uploadId,
          c.sha256,
          c.sizeBytes,
          Math.round(c.mtimeMs),
          c.partBytes,
          c.partChecksum,
          c.startedAtMs,
        );
    },
    async partSent(_key, uploadId, part) {
      await driver
        .prepare(
          'INSERT OR REPLACE INTO backup_upload_part (target, upload_id, part_number, etag, checksum) VALUES (?, ?, ?, ?, ?)',
        )
        .run(target, uploadId, part.partNumber, part.etag, part.checksum);
    },
    async list() {
      const rows = (await driver
        .prepare(
          'SELECT key, upload_id AS uploadId, started_at_ms AS startedAtMs FROM backup_upload WHERE target = ? ORDER BY key',
        )
        .all(target)) as Array<{ key: string; uploadId: string; startedAtMs: number }>;
      return rows.map((row) => ({ ...row, startedAtMs: Number(row.startedAtMs) }));
    },
    async clear(key) {
      await forgetParts(key);
      await driver
        .prepare('DELETE FROM backup_upload WHERE target = ? AND key = ?')
        .run(target, key);
    },
  };
}

/**
 * The SQL ledger on a catalog driver, creating its table first if the catalog lacks it.
 *
 * @example
 * ```ts
 * const ledger = openBackupLedger(catalog.driver);
 * ```
 */
export function openBackupLedger(driver: LedgerSqlDriver): BackupLedger {
  ensureBackupLedgerTable(driver);
  ensureUploadCheckpointTables(driver);
  return sqlBackupLedger(driver);
}

function fromRow(row: Row): BackupRecord {
  return {
    target: row.target,
    key: row.key,
    relPath: row.rel_path,
    localPath: row.local_path,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    localMtimeMs: Number(row.local_mtime_ms),
    versionId: row.version_id,
    etag: row.etag,
    partCount: Number(row.part_count),
    storageClass: row.storage_class,
    uploadedAtMs: Number(row.uploaded_at_ms),
    verifiedAtMs: row.verified_at_ms === null ? null : Number(row.verified_at_ms),
    verifyKind: row.verify_kind as VerifyKind | null,
    verifyStatus: row.verify_status as VerifyStatus | null,
    rig: row.rig,
    astroTarget: row.astro_target,
    frameType: row.frame_type,
    night: row.night,
  };
}
