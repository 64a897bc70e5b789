import { stat } from 'node:fs/promises';
import { AstroError, ErrorCode, toAstroError, type Diagnostic } from '../errors/index.js';
import type { BackupLedger, BackupRecord } from './backup-ledger.js';
import { checkUploadedObject } from './check-uploaded-object.js';
import type { BackupPlan, PlannedUpload } from './plan-backup.js';
import { forEachBounded, withRetry, type RetryOptions } from './retry.js';
import type { StorageTarget } from './storage-target.js';
import type { UploadCheckpoints } from './upload-checkpoints.js';
import { openFileSource } from '../io/index.js';

export interface BackupProgress {
  filesDone: number;
  filesFailed: number;
  filesTotal: number;
  /** Bytes of finished files plus bytes sent so far of files in flight. */
  bytesDone: number;
  bytesTotal: number;
  /** Average upload rate since the start. */
  bytesPerSec: number;
  relPath: string | null;
}

export interface RunBackupOptions {
  plan: BackupPlan;
  target: StorageTarget;
  ledger: BackupLedger;
  /** Files uploaded at once (default 4). */
  concurrency?: number;
  /** Per-file retries around upload + check (default 4 attempts, 500 ms doubling). */
  retry?: RetryOptions;
  storageClass?: string;
  /** See UploadExpectation.compareSinglePartEtag. */
  compareSinglePartEtag?: boolean;
  /**
   * Abort multipart uploads under the prefix left by interrupted runs older than this first,
   * except those a checkpoint younger than {@link RESUME_WINDOW_MS} will continue.
   */
  abortStaleUploadsOlderThanMs?: number;
  onProgress?: (progress: BackupProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface BackupOutcome {
  relPath: string;
  key: string;
  status: 'uploaded' | 'failed';
  attempts: number;
  error?: { code: string; message: string };
  record?: BackupRecord;
}

export interface BackupReport {
  target: string;
  uploaded: number;
  failed: number;
  unchanged: number;
  bytesUploaded: number;
  /** Bytes of those an interrupted earlier attempt or run had already sent. */
  bytesResumed: number;
  elapsedMs: number;
  bytesPerSec: number;
  abortedStaleUploads: number;
  outcomes: BackupOutcome[];
  diagnostics: Diagnostic[];
}

/**
 * Executes a backup plan: uploads with bounded parallelism and retries, the target hashing every
 * byte it sends in the same pass (a catalog hash is only what those bytes must match), checks
 * every object by HEAD (size, metadata SHA-256, ETag form) and only then records it in the
 * ledger. A file that fails all attempts is reported, never recorded.
 *
 * @example
 * ```ts
 * const report = await runBackup({ plan, target, ledger, onProgress: (p) => bar.update(p.bytesDone) });
 * ```
 */
export async function runBackup(options: RunBackupOptions): Promise<BackupReport> {
  const { plan, target } = options;
  const now = options.now ?? Date.now;
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  let abortedStaleUploads = 0;
  if (options.abortStaleUploadsOlderThanMs !== undefined) {
    try {
      abortedStaleUploads = await target.abortIncompleteUploads({
        olderThanMs: options.abortStaleUploadsOlderThanMs,
        now: now(),
        keepUploadIds: await resumableUploads(options.ledger.checkpoints(target.name), now()),
      });
    } catch (error) {
      diagnostics.push({
        severity: 'warning',
        code: 'STALE_UPLOADS_UNCHECKED',
        message: `could not list incomplete uploads: ${(error as Error).message}`,
      });
    }
  }
  const progress: BackupProgress = {
    filesDone: 0,
    filesFailed: 0,
    filesTotal: plan.uploads.length,
    bytesDone: 0,
    bytesTotal: plan.uploadBytes,
    bytesPerSec: 0,
    relPath: null,
  };
  const report = (relPath: string | null) => {
    progress.relPath = relPath;
    progress.bytesPerSec =
      progress.bytesDone / Math.max(1e-3, (performance.now() - started) / 1000);
    options.onProgress?.({ ...progress });
  };
  const outcomes: BackupOutcome[] = new Array(plan.uploads.length);
  let bytesUploaded = 0;
  let bytesResumed = 0;

  await forEachBounded(plan.uploads, options.concurrency ?? 4, async (upload, index) => {
    let attempts = 0;
    let fileBytes = 0;
    try {
      const { record, resumedBytes } = await withRetry(
        async (attempt) => {
          attempts = attempt;
          progress.bytesDone -= fileBytes;
          fileBytes = 0;
          return uploadOne(upload, options, now, (bytes) => {
            fileBytes += bytes;
            progress.bytesDone += bytes;
            report(upload.item.relPath);
          });
        },
        { ...options.retry, signal: options.signal },
      );
      progress.filesDone++;
      bytesUploaded += upload.item.sizeBytes;
      bytesResumed += resumedBytes;
      outcomes[index] = {
        relPath: upload.item.relPath,
        key: upload.key,
        status: 'uploaded',
        attempts,
        record,
      };
    } catch (error) {
      const e = toAstroError(error);
      progress.filesFailed++;
      progress.bytesDone -= fileBytes;
      outcomes[index] = {
        relPath: upload.item.relPath,
        key: upload.key,
        status: 'failed',
        attempts,
        error: { code: e.code, message: e.message },
      };
      diagnostics.push({
        severity: 'error',
        code: e.code,
        message: `${upload.item.relPath}: ${e.message}`,
      });
    }
    report(upload.item.relPath);
  });

  const elapsedMs = performance.now() - started;
  return {
    target: target.name,
    uploaded: outcomes.filter((o) => o.status === 'uploaded').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    unchanged: plan.unchanged.length,
    bytesUploaded,
    bytesResumed,
    elapsedMs,
    // What the link carried: parts an earlier run had sent cost no time here.
    bytesPerSec: (bytesUploaded - bytesResumed) / Math.max(1e-3, elapsedMs / 1000),
    abortedStaleUploads,
    outcomes,
    diagnostics,
  };
}

/** How long an interrupted upload with a checkpoint is kept for the next run to continue. */
export const RESUME_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * The checkpointed uploads young enough to continue; older checkpoints are dropped, so their
 * uploads go with the other stale ones (a file deleted or never backed up again must not keep
 * its parts on the server for ever).
 */
async function resumableUploads(
  checkpoints: UploadCheckpoints,
  nowMs: number,
): Promise<Set<string>> {
  const keep = new Set<string>();
  for (const open of await checkpoints.list()) {
    if (nowMs - open.startedAtMs <= RESUME_WINDOW_MS) keep.add(open.uploadId);
    else await checkpoints.clear(open.key);
  }
  return keep;
}

async function uploadOne(
  upload: PlannedUpload,
  options: RunBackupOptions,
  now: () => number,
  onBytes: (bytes: number) => void,
): Promise<{ record: BackupRecord; resumedBytes: number }> {
  const { item } = upload;
  const before = await stat(item.path);
  if (before.size !== item.sizeBytes) {
    throw new AstroError(
      ErrorCode.CHECKSUM_MISMATCH,
      `${item.relPath}: size changed since it was cataloged`,
      { details: { path: item.path } },
    );
  }
  // The target hashes exactly the bytes it sends (SHA-256, and MD5 or part checksums for S3) in
  // the pass that sends them; a catalog hash is the value those bytes must have.
  const source = await openFileSource(item.path);
  let put;
  try {
    put = await options.target.put({
      key: upload.key,
      source,
      sha256: item.sha256 || undefined,
      md5: item.md5 || undefined,
      sizeBytes: item.sizeBytes,
      mtimeMs: before.mtimeMs,
      storageClass: options.storageClass,
      tags: item.frameType ? { frameType: item.frameType } : undefined,
      signal: options.signal,
      checkpoints: options.ledger.checkpoints(options.target.name),
      onBytes,
    });
  } finally {
    await source.close();
  }
  const sha256 = put.sha256;
  item.sha256 = sha256;
  const head = await options.target.head(upload.key);
  const problems = checkUploadedObject(
    head,
    { sha256, sizeBytes: item.sizeBytes, compareSinglePartEtag: options.compareSinglePartEtag },
    put,
  );
  if (problems.length > 0) {
    throw new AstroError(
      ErrorCode.REMOTE_ERROR,
      `${item.relPath}: uploaded object failed its check: ${problems.join('; ')}`,
      { details: { key: upload.key, problems } },
    );
  }
  const uploadedAtMs = now();
  const record: BackupRecord = {
    target: options.target.name,
    key: upload.key,
    relPath: item.relPath,
    localPath: item.path,
    sha256,
    sizeBytes: item.sizeBytes,
    localMtimeMs: before.mtimeMs,
    versionId: put.versionId ?? head?.versionId ?? null,
    etag: head?.etag ?? put.etag,
    partCount: put.partCount,
    storageClass: head?.storageClass ?? options.storageClass ?? null,
    uploadedAtMs,
    verifiedAtMs: uploadedAtMs,
    verifyKind: 'quick',
    verifyStatus: 'ok',
    rig: item.rig ?? null,
    astroTarget: item.target ?? null,
    frameType: item.frameType ?? null,
    night: item.night ?? null,
  };
  await options.ledger.record(record);
  return { record, resumedBytes: put.resumedBytes ?? 0 };
}
