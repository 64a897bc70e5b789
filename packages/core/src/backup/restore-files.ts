import { createHash } from 'node:crypto';
import { link, mkdir, open, rm, stat, utimes } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { AstroError, ErrorCode, toAstroError, type Diagnostic } from '../errors/index.js';
import type { BackupLedger, BackupRecord } from './backup-ledger.js';
import { hashFile } from './hash-file.js';
import { matchesRecord, type RecordFilter } from './record-filter.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { StorageTarget } from './storage-target.js';

export type RestoreStatus =
  | 'restored'
  | 'already-present'
  | 'conflict'
  | 'pending-retrieval'
  | 'retrieval-started'
  | 'corrupt'
  | 'missing'
  | 'error'
  | 'planned';

export interface RestoreResult {
  relPath: string;
  destination: string;
  status: RestoreStatus;
  detail?: string;
}

export interface RestoreReport {
  target: string;
  results: RestoreResult[];
  counts: Partial<Record<RestoreStatus, number>>;
  bytesRestored: number;
  diagnostics: Diagnostic[];
}

export interface RestoreFilesOptions {
  target: StorageTarget;
  ledger: BackupLedger;
  filter?: RecordFilter;
  /** Restore under this folder (by library-relative path); default: each file's original path. */
  destinationRoot?: string;
  /** Report what would happen without writing. */
  dryRun?: boolean;
  /** Retrieval for archived objects (GLACIER, DEEP_ARCHIVE). */
  retrieval?: { days?: number; tier?: 'Expedited' | 'Standard' | 'Bulk' };
  /** Retries per download, each continuing from the bytes already arrived (default 4 attempts). */
  retry?: RetryOptions;
  signal?: AbortSignal;
}

/**
 * Restores recorded files, checking each download against the recorded SHA-256 before it
 * appears at its destination. An existing file is never overwritten: identical content is
 * `already-present`, different content is a `conflict`. Archived objects get a retrieval
 * request and are reported as pending.
 *
 * @example
 * ```ts
 * const report = await restoreFiles({ target, ledger, filter: { night: '2024-10-05' }, destinationRoot: '/restore' });
 * ```
 */
export async function restoreFiles(options: RestoreFilesOptions): Promise<RestoreReport> {
  const { target } = options;
  const records = (await options.ledger.list(target.name)).filter((r) =>
    matchesRecord(r, options.filter),
  );
  const results: RestoreResult[] = [];
  const diagnostics: Diagnostic[] = [];
  let bytesRestored = 0;
  for (const record of records) {
    const destination = options.destinationRoot
      ? join(options.destinationRoot, ...record.relPath.split(/[\\/]/))
      : record.localPath;
    try {
      const result = await restoreOne(record, destination);
      if (result.status === 'restored') bytesRestored += record.sizeBytes;
      results.push(result);
    } catch (error) {
      const e = toAstroError(error);
      diagnostics.push({
        severity: 'error',
        code: e.code,
        message: `${record.relPath}: ${e.message}`,
      });
      results.push({ relPath: record.relPath, destination, status: 'error', detail: e.message });
    }
  }

  async function restoreOne(record: BackupRecord, destination: string): Promise<RestoreResult> {
    const base = { relPath: record.relPath, destination };
    const existing = await stat(destination).catch(() => null);
    if (existing) {
      const local = await hashFile(destination, { signal: options.signal });
      return local.sha256 === record.sha256
        ? { ...base, status: 'already-present' }
        : { ...base, status: 'conflict', detail: 'a different file exists there; not overwritten' };
    }
    const head = await target.head(record.key);
    if (!head) return { ...base, status: 'missing', detail: 'object not found on the target' };
    if (head.archiveState === 'archived' || head.archiveState === 'restore-in-progress') {
      if (options.dryRun)
        return { ...base, status: 'pending-retrieval', detail: `archived (${head.storageClass})` };
      const outcome = await target.requestRestore(record.key, options.retrieval);
      return {
        ...base,
        status: outcome === 'started' ? 'retrieval-started' : 'pending-retrieval',
        detail: `${head.storageClass}: ${outcome}`,
      };
    }
    if (options.dryRun) return { ...base, status: 'planned' };
    await mkdir(dirname(destination), { recursive: true });
    // One name per destination and content, so an interrupted restore is found and continued.
    const temp = `${destination}.astrocat-partial-${record.sha256.slice(0, 16)}`;
    let sha256: string;
    try {
      sha256 = await withRetry(() => download(record, temp), {
        ...options.retry,
        signal: options.signal,
      });
    } catch (error) {
      const e = toAstroError(error);
      const kept = (await stat(temp).catch(() => null))?.size ?? 0;
      throw new AstroError(
        e.code === ErrorCode.ABORTED ? ErrorCode.ABORTED : ErrorCode.REMOTE_ERROR,
        `download failed (${e.message}); ${kept} of ${record.sizeBytes} bytes kept in ${temp}: restore again to continue`,
        { cause: error, details: { partialPath: temp, partialBytes: kept } },
      );
    }
    if (sha256 !== record.sha256) {
      await rm(temp, { force: true });
      return {
        ...base,
        status: 'corrupt',
        detail: `downloaded sha256 ${sha256} != recorded ${record.sha256}`,
      };
    }
    const mtimeSec = (head.facts.mtimeMs ?? record.localMtimeMs) / 1000;
    await utimes(temp, mtimeSec, mtimeSec);
    try {
      // link() fails if the destination appeared meanwhile, so nothing is ever overwritten.
      await link(temp, destination);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        return {
          ...base,
          status: 'conflict',
          detail: 'a file appeared at the destination during restore',
        };
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
    return { ...base, status: 'restored' };
  }

  /**
   * Downloads the recorded version into `temp`, continuing a partial download left there by an
   * interrupted attempt or run (its bytes are hashed again, then only the rest is fetched), and
   * returns the SHA-256 of the whole. A failure keeps what arrived for the next attempt.
   */
  async function download(record: BackupRecord, temp: string): Promise<string> {
    const hash = createHash('sha256');
    let have = (await stat(temp).catch(() => null))?.size ?? 0;
    if (have > record.sizeBytes) {
      await rm(temp, { force: true });
      have = 0;
    }
    // The bytes already here count in the hash that proves the whole file.
    if (have > 0)
      for await (const chunk of createReadStream(temp, { end: have - 1, signal: options.signal }))
        hash.update(chunk as Buffer);
    const handle = await open(temp, have > 0 ? 'a' : 'w');
    try {
      if (have < record.sizeBytes)
        for await (const chunk of await target.get(record.key, {
          // The recorded version, so a later overwrite cannot slip into a restore.
          versionId: record.versionId ?? undefined,
          ...(have > 0 ? { range: { start: have, end: record.sizeBytes - 1 } } : {}),
          signal: options.signal,
        })) {
          hash.update(chunk);
          await handle.write(chunk);
        }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return hash.digest('hex');
  }

  const counts: Partial<Record<RestoreStatus, number>> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return { target: target.name, results, counts, bytesRestored, diagnostics };
}
