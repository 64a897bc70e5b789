import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { isIngestError, readPendingFrame, type IngestError, type PendingFrame } from './read-pending-frame.js';
import { walkFiles } from './walk-files.js';

export interface ScanOptions {
  extensions: readonly string[];
  ignore: readonly string[];
  /** IANA zone for the observing night when headers carry no local time. */
  timeZone?: string;
  /**
   * True when required agents must succeed before a new frame is visible to search (they stitch
   * it); otherwise the header record is searchable at once.
   */
  requiredAgents?: boolean;
  /** Frames written to the catalog per transaction. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { scanned: number; read: number; path: string }) => void;
}

export type ScanError = IngestError;

/** What `astrocat scan --json` prints; these names are a stable contract. */
export interface ScanResult {
  scanned: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Frames found at a new path and recognized as moved (their enrichment kept). */
  moved: number;
  errors: ScanError[];
}

/**
 * Brings the catalog in line with the folders: new and changed files are read (headers only)
 * and recorded, unchanged ones (same size and mtime) skipped, vanished ones removed, and a file
 * that reappears elsewhere with the same fingerprint is treated as moved.
 *
 * Each batch is committed as it completes, so a killed scan leaves a consistent catalog and the
 * next scan finishes the job with the same end result.
 *
 * @example
 * ```ts
 * const result = await scanFolders(catalog, ['/data/astro'], { extensions: ['.fits'], ignore: [] });
 * console.log(`${result.added} new frames, ${result.errors.length} bad files`);
 * ```
 */
export async function scanFolders(catalog: Catalog, roots: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const absoluteRoots = roots.map((root) => resolve(root));
  const result: ScanResult = { scanned: 0, added: 0, updated: 0, unchanged: 0, removed: 0, moved: 0, errors: [] };
  const known = catalog.fileFacts();
  const seen = new Set<string>();
  const addedPaths = new Set<string>();
  const batchSize = options.batchSize ?? 500;
  let pending: Array<PendingFrame & { stitched: boolean }> = [];
  let read = 0;

  const flush = () => {
    if (pending.length === 0) return;
    catalog.upsertFrames(pending);
    pending = [];
  };

  const walk = walkFiles(absoluteRoots, {
    extensions: options.extensions,
    ignore: options.ignore,
    ...(options.signal ? { signal: options.signal } : {}),
    onError: (path, error) => result.errors.push({ path, code: 'IO_ERROR', message: error.message }),
  });
  for await (const files of walk) {
    for (const file of files) {
      options.signal?.throwIfAborted();
      result.scanned++;
      seen.add(file.path);
      const before = known.get(file.path);
      if (before && before.sizeBytes === file.sizeBytes && before.mtimeMs === file.mtimeMs) {
        result.unchanged++;
        continue;
      }
      const frame = await readPendingFrame(catalog, file.path, { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs }, options);
      read++;
      if (isIngestError(frame)) {
        result.errors.push(frame);
        continue;
      }
      if (before) result.updated++;
      else {
        result.added++;
        addedPaths.add(file.path);
      }
      pending.push({ ...frame, stitched: !options.requiredAgents });
      if (pending.length >= batchSize) flush();
    }
    options.onProgress?.({ scanned: result.scanned, read, path: files[files.length - 1]!.path });
  }
  flush();

  const missing = [...known.keys()].filter((path) => isUnder(path, absoluteRoots) && !seen.has(path) && !existsSync(path));
  const { movedTo, removed } = reconcileMissing(catalog, missing);
  result.moved = movedTo.length;
  result.removed = removed;
  // A moved frame found in this scan was counted as added; it is not new.
  result.added -= movedTo.filter((path) => addedPaths.has(path)).length;
  return result;
}

/**
 * A frame whose file vanished keeps its identity (id, hashes, agent results) when a frame with the
 * same fingerprint appeared later at another path: that newer row is folded into the old one.
 * Otherwise the frame and everything derived from it leave the catalog.
 */
export function reconcileMissing(catalog: Catalog, missingPaths: string[]): { movedTo: string[]; removed: number } {
  const movedTo: string[] = [];
  const gone: string[] = [];
  for (const path of missingPaths) {
    const old = catalog.getFrame(path);
    if (!old) continue;
    const successor = catalog
      .findByFingerprint(old.fingerprint)
      .find((f) => f.id !== old.id && f.addedAtMs >= old.addedAtMs && existsSync(f.path) && (!f.sha256 || !old.sha256 || f.sha256 === old.sha256));
    if (!successor) {
      gone.push(path);
      continue;
    }
    catalog.removeFrames([successor.path]);
    catalog.moveFrame(old.path, successor.path, { sizeBytes: successor.sizeBytes, mtimeMs: successor.mtimeMs });
    movedTo.push(successor.path);
  }
  const removed = gone.length > 0 ? catalog.removeFrames(gone) : 0;
  return { movedTo, removed };
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}
