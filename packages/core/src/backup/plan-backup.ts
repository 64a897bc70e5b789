import type { BackupLedger, BackupRecord } from './backup-ledger.js';
import { collectItems, type BackupItem, type BackupSource } from './backup-item.js';
import { hashFile } from './hash-file.js';
import { keyForRelPath } from './storage-target.js';

export interface PlannedUpload {
  item: BackupItem;
  key: string;
  reason: 'new' | 'changed';
  /** The record it replaces, for `changed`. */
  previous: BackupRecord | null;
}

/** What a backup run will do; `--dry-run` prints exactly this. */
export interface BackupPlan {
  target: string;
  uploads: PlannedUpload[];
  unchanged: BackupItem[];
  uploadBytes: number;
}

export interface PlanBackupOptions {
  source: BackupSource;
  ledger: BackupLedger;
  /** Storage target name the plan is for. */
  target: string;
  /** Re-hash files whose size and mtime match the record instead of trusting them. */
  rehash?: boolean;
  signal?: AbortSignal;
}

/**
 * Plans an incremental backup: new files, and files whose content hash differs from the
 * recorded copy. A file with the same size and mtime as its record is unchanged without being
 * re-read (unless `rehash`); a touched file is hashed to tell an edit from a touch.
 *
 * @example
 * ```ts
 * const plan = await planBackup({ source: frames, ledger, target: 'wasabi' });
 * console.log(plan.uploads.length, plan.uploadBytes);
 * ```
 */
export async function planBackup(options: PlanBackupOptions): Promise<BackupPlan> {
  // Copies, because hashes found while planning and uploading are filled in on the items.
  const items = (await collectItems(options.source)).map((item) => ({ ...item }));
  const uploads: PlannedUpload[] = [];
  const unchanged: BackupItem[] = [];
  for (const item of items) {
    const key = keyForRelPath(item.relPath);
    const previous = await options.ledger.get(options.target, key);
    if (!previous) {
      uploads.push({ item, key, reason: 'new', previous: null });
      continue;
    }
    let sha256 = item.sha256;
    const sameStat =
      previous.sizeBytes === item.sizeBytes &&
      Math.round(previous.localMtimeMs) === Math.round(item.mtimeMs);
    if (!sha256 && (!sameStat || options.rehash)) {
      const hashes = await hashFile(item.path, { signal: options.signal });
      sha256 = hashes.sha256;
      item.sha256 = hashes.sha256;
      item.md5 ??= hashes.md5;
    }
    if ((sha256 ?? previous.sha256) === previous.sha256 && previous.sizeBytes === item.sizeBytes)
      unchanged.push(item);
    else uploads.push({ item, key, reason: 'changed', previous });
  }
  return {
    target: options.target,
    uploads,
    unchanged,
    uploadBytes: uploads.reduce((sum, u) => sum + u.item.sizeBytes, 0),
  };
}
