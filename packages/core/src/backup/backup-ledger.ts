import { memoryUploadCheckpoints, type UploadCheckpoints } from './upload-checkpoints.js';
/** How a remote copy was last checked: `quick` compares metadata, `deep` re-hashes the bytes. */
export type VerifyKind = 'quick' | 'deep';
/** `ok` the copy matched; `mismatch` it differs; `missing` it is gone. */
export type VerifyStatus = 'ok' | 'mismatch' | 'missing';

/** What we know about one remote copy of one library file. */
export interface BackupRecord {
  /** Name of the storage target. */
  target: string;
  /** Object key relative to the target's prefix. */
  key: string;
  /** Library-relative path of the file. */
  relPath: string;
  /** Absolute local path when backed up (restore's default destination). */
  localPath: string;
  sha256: string;
  sizeBytes: number;
  /** Local mtime of the file whose bytes were uploaded. */
  localMtimeMs: number;
  versionId: string | null;
  etag: string | null;
  partCount: number;
  storageClass: string | null;
  uploadedAtMs: number;
  verifiedAtMs: number | null;
  verifyKind: VerifyKind | null;
  verifyStatus: VerifyStatus | null;
  rig: string | null;
  astroTarget: string | null;
  frameType: string | null;
  night: string | null;
}

export interface VerifyMark {
  kind: VerifyKind;
  status: VerifyStatus;
  atMs: number;
}

/**
 * Where remote facts are recorded and read back. The catalog binds it to SQLite
 * ({@link sqlBackupLedger}); {@link memoryBackupLedger} serves tests and dry runs.
 */
export interface BackupLedger {
  get(target: string, key: string): Promise<BackupRecord | null>;
  list(target?: string): Promise<BackupRecord[]>;
  /** Inserts or replaces the record for (target, key). */
  record(record: BackupRecord): Promise<void>;
  markVerified(target: string, key: string, mark: VerifyMark): Promise<void>;
  remove(target: string, key: string): Promise<void>;
  /** Where the target's multipart uploads in progress record their parts. */
  checkpoints(target: string): UploadCheckpoints;
}

/**
 * A ledger held in memory.
 *
 * @example
 * ```ts
 * const ledger = memoryBackupLedger();
 * await runBackup({ plan, target, ledger });
 * ```
 */
export function memoryBackupLedger(initial: BackupRecord[] = []): BackupLedger {
  const rows = new Map<string, BackupRecord>();
  const id = (target: string, key: string) => `${target}\u0000${key}`;
  for (const record of initial) rows.set(id(record.target, record.key), { ...record });
  const checkpoints = new Map<string, UploadCheckpoints>();
  return {
    get: async (target, key) => {
      const row = rows.get(id(target, key));
      return row ? { ...row } : null;
    },
    list: async (target) =>
      [...rows.values()]
        .filter((row) => target === undefined || row.target === target)
        .sort((a, b) =>
          a.target === b.target ? compare(a.key, b.key) : compare(a.target, b.target),
        )
        .map((row) => ({ ...row })),
    record: async (record) => {
      rows.set(id(record.target, record.key), { ...record });
    },
    markVerified: async (target, key, mark) => {
      const row = rows.get(id(target, key));
      if (row)
        Object.assign(row, {
          verifiedAtMs: mark.atMs,
          verifyKind: mark.kind,
          verifyStatus: mark.status,
        });
    },
    remove: async (target, key) => {
      rows.delete(id(target, key));
    },
    checkpoints: (target) => {
      let found = checkpoints.get(target);
      if (!found) checkpoints.set(target, (found = memoryUploadCheckpoints()));
      return found;
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
