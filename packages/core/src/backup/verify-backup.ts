import { createHash } from 'node:crypto';
import { toAstroError, type Diagnostic } from '../errors/index.js';
import { bandwidthLimiter } from './bandwidth-limiter.js';
import type { BackupLedger, BackupRecord, VerifyKind } from './backup-ledger.js';
import { matchesRecord, type RecordFilter } from './record-filter.js';
import { forEachBounded } from './retry.js';
import type { StorageTarget } from './storage-target.js';

export type VerifyResultStatus = 'ok' | 'mismatch' | 'missing' | 'archived' | 'error';

export interface VerifyResult {
  relPath: string;
  key: string;
  status: VerifyResultStatus;
  /** What differed, for `mismatch`. */
  problems: string[];
}

export interface VerifyReport {
  target: string;
  kind: VerifyKind;
  results: VerifyResult[];
  counts: Record<VerifyResultStatus, number>;
  bytesRead: number;
  elapsedMs: number;
  diagnostics: Diagnostic[];
}

export interface VerifyBackupOptions {
  target: StorageTarget;
  ledger: BackupLedger;
  /** `quick` compares HEAD metadata with the ledger; `deep` also downloads and re-hashes. */
  kind: VerifyKind;
  filter?: RecordFilter;
  /** Upper bound for deep verify downloads, all files together. */
  maxBytesPerSec?: number;
  concurrency?: number;
  onProgress?: (done: number, total: number, bytesRead: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Verifies recorded remote copies and records the outcome in the ledger. Archived objects
 * (GLACIER, DEEP_ARCHIVE) cannot be read until restored, so a deep verify reports them as
 * `archived` and leaves their record alone.
 *
 * @example
 * ```ts
 * const report = await verifyBackup({ target, ledger, kind: 'deep', maxBytesPerSec: 50e6 });
 * if (report.counts.mismatch > 0) process.exitCode = 1;
 * ```
 */
export async function verifyBackup(options: VerifyBackupOptions): Promise<VerifyReport> {
  const { target, ledger, kind } = options;
  const now = options.now ?? Date.now;
  const started = performance.now();
  const records = (await ledger.list(target.name)).filter((r) => matchesRecord(r, options.filter));
  const limiter = bandwidthLimiter(options.maxBytesPerSec);
  const results: VerifyResult[] = new Array(records.length);
  const diagnostics: Diagnostic[] = [];
  let bytesRead = 0;
  let done = 0;

  await forEachBounded(records, options.concurrency ?? 2, async (record, index) => {
    let result: VerifyResult;
    try {
      result = await verifyOne(record);
    } catch (error) {
      const e = toAstroError(error);
      diagnostics.push({
        severity: 'error',
        code: e.code,
        message: `${record.relPath}: ${e.message}`,
      });
      result = { relPath: record.relPath, key: record.key, status: 'error', problems: [e.message] };
    }
    results[index] = result;
    if (result.status === 'ok' || result.status === 'mismatch' || result.status === 'missing') {
      await ledger.markVerified(record.target, record.key, {
        kind,
        status: result.status,
        atMs: now(),
      });
    }
    options.onProgress?.(++done, records.length, bytesRead);
  });

  async function verifyOne(record: BackupRecord): Promise<VerifyResult> {
    const base = { relPath: record.relPath, key: record.key };
    const head = await target.head(record.key);
    if (!head) return { ...base, status: 'missing', problems: ['object not found'] };
    const problems: string[] = [];
    if (head.sizeBytes !== record.sizeBytes)
      problems.push(`size ${head.sizeBytes} != recorded ${record.sizeBytes}`);
    if (head.facts.sha256 !== record.sha256)
      problems.push(
        `metadata sha256 ${head.facts.sha256 ?? 'absent'} != recorded ${record.sha256}`,
      );
    if (record.etag && head.etag && head.etag !== record.etag)
      problems.push(`ETag ${head.etag} != recorded ${record.etag}`);
    if (record.versionId && head.versionId && head.versionId !== record.versionId)
      problems.push(`version ${head.versionId} != recorded ${record.versionId}`);
    if (kind === 'quick' || problems.length > 0)
      return { ...base, status: problems.length ? 'mismatch' : 'ok', problems };
    if (head.archiveState === 'archived' || head.archiveState === 'restore-in-progress')
      return { ...base, status: 'archived', problems: [] };
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of await target.get(record.key, { signal: options.signal })) {
      await limiter.take(chunk.byteLength, options.signal);
      hash.update(chunk);
      size += chunk.byteLength;
      bytesRead += chunk.byteLength;
    }
    const sha256 = hash.digest('hex');
    if (size !== record.sizeBytes)
      problems.push(`downloaded ${size} bytes, recorded ${record.sizeBytes}`);
    if (sha256 !== record.sha256)
      problems.push(`content sha256 ${sha256} != recorded ${record.sha256}`);
    return { ...base, status: problems.length ? 'mismatch' : 'ok', problems };
  }

  const counts: Record<VerifyResultStatus, number> = {
    ok: 0,
    mismatch: 0,
    missing: 0,
    archived: 0,
    error: 0,
  };
  for (const r of results) counts[r.status]++;
  return {
    target: target.name,
    kind,
    results,
    counts,
    bytesRead,
    elapsedMs: performance.now() - started,
    diagnostics,
  };
}
