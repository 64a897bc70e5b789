import { appendFile, mkdir, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AstroError, ErrorCode, toAstroError, type Diagnostic } from '../errors/index.js';
import type { BackupLedger, BackupRecord } from './backup-ledger.js';
import { collectItems, type BackupSource } from './backup-item.js';
import { hashFile } from './hash-file.js';
import { keyForRelPath } from './storage-target.js';

export type PruneDecision = 'delete' | 'keep';

export interface PruneEntry {
  path: string;
  relPath: string;
  decision: PruneDecision;
  /** Why a file is kept, or which verified copy allows deleting it. */
  reason: string;
  sizeBytes: number;
  /** Set once acted on. */
  deleted?: boolean;
}

export interface PruneReport {
  dryRun: boolean;
  entries: PruneEntry[];
  deleteCount: number;
  deleteBytes: number;
  keptCount: number;
  journalPath: string | null;
  diagnostics: Diagnostic[];
}

export interface PruneLocalFilesOptions {
  source: BackupSource;
  ledger: BackupLedger;
  /** Only copies on these targets count; default any target. */
  targets?: string[];
  /** Default true: only report. Pass false (the CLI's `--yes`) to delete. */
  dryRun?: boolean;
  /** Accept a quick (metadata-only) verification; default false, a deep re-hash is required. */
  allowQuickVerify?: boolean;
  /** JSONL journal, appended before and after each unlink; required when acting. */
  journalPath?: string;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Safe unlink: a local file is deleted only when a remote copy's content was verified to match
 * after the file last changed, and the file still hashes to that content right now.
 *
 * The journal is a small JSONL file of this module (`plan`, `unlink-start`, `unlink-done`); it is
 * to be folded into the workflow engine's shared journal.
 *
 * @example
 * ```ts
 * const preview = await pruneLocalFiles({ source: frames, ledger });
 * const done = await pruneLocalFiles({ source: frames, ledger, dryRun: false, journalPath: '/lib/.astrocat/prune.jsonl' });
 * ```
 */
export async function pruneLocalFiles(options: PruneLocalFilesOptions): Promise<PruneReport> {
  const dryRun = options.dryRun ?? true;
  if (!dryRun && !options.journalPath)
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, 'prune needs a journal path to act');
  const now = options.now ?? Date.now;
  const items = await collectItems(options.source);
  const records = (await options.ledger.list()).filter(
    (r) => !options.targets || options.targets.includes(r.target),
  );
  const byKey = new Map<string, BackupRecord[]>();
  for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const entries: PruneEntry[] = [];
  const diagnostics: Diagnostic[] = [];

  for (const item of items) {
    const base = { path: item.path, relPath: item.relPath, sizeBytes: item.sizeBytes };
    const candidates = byKey.get(keyForRelPath(item.relPath)) ?? [];
    const verified = candidates.filter(
      (r) => r.verifyStatus === 'ok' && (options.allowQuickVerify || r.verifyKind === 'deep'),
    );
    if (verified.length === 0) {
      const why =
        candidates.length === 0
          ? 'no remote copy recorded'
          : candidates.some((r) => r.verifyStatus === 'mismatch')
            ? 'remote copy failed verification'
            : 'remote copy not deep-verified';
      entries.push({ ...base, decision: 'keep', reason: why });
      continue;
    }
    const info = await stat(item.path).catch(() => null);
    if (!info) {
      entries.push({ ...base, decision: 'keep', reason: 'local file not found' });
      continue;
    }
    const fresh = verified.filter(
      (r) => (r.verifiedAtMs ?? 0) >= info.mtimeMs && r.sizeBytes === info.size,
    );
    if (fresh.length === 0) {
      entries.push({
        ...base,
        decision: 'keep',
        reason: 'file changed after the last verification',
      });
      continue;
    }
    const { sha256 } = await hashFile(item.path, { signal: options.signal });
    const match = fresh.find((r) => r.sha256 === sha256);
    entries.push(
      match
        ? {
            ...base,
            decision: 'delete',
            reason: `verified ${match.verifyKind} on ${match.target} (${match.key})`,
          }
        : { ...base, decision: 'keep', reason: 'local content differs from the verified copy' },
    );
  }

  const toDelete = entries.filter((e) => e.decision === 'delete');
  if (!dryRun && options.journalPath) {
    const journal = options.journalPath;
    await mkdir(dirname(journal), { recursive: true });
    const write = (entry: object) =>
      appendFile(journal, JSON.stringify({ atMs: now(), ...entry }) + '\n');
    await write({ op: 'plan', delete: toDelete.map((e) => e.path) });
    for (const entry of toDelete) {
      if (options.signal?.aborted) break;
      await write({ op: 'unlink-start', path: entry.path, reason: entry.reason });
      try {
        await unlink(entry.path);
        entry.deleted = true;
        await write({ op: 'unlink-done', path: entry.path });
      } catch (error) {
        const e = toAstroError(error);
        diagnostics.push({
          severity: 'error',
          code: e.code,
          message: `${entry.relPath}: ${e.message}`,
        });
        await write({ op: 'unlink-failed', path: entry.path, message: e.message });
      }
    }
  }
  return {
    dryRun,
    entries,
    deleteCount: toDelete.length,
    deleteBytes: toDelete.reduce((sum, e) => sum + e.sizeBytes, 0),
    keptCount: entries.length - toDelete.length,
    journalPath: dryRun ? null : (options.journalPath ?? null),
    diagnostics,
  };
}
