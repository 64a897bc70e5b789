import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { HeaderReader } from './header-reader.js';
import type { EncodedFrame } from '../catalog/encoded-frame.js';
import { isIngestError, type IngestError } from './read-pending-frame.js';
import { walkFiles, type WalkedFile } from './walk-files.js';

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
  /** Header-parsing threads besides this one (which walks, reads file heads and writes); default one fewer than the cores, at least one. 0 parses here too. */
  workers?: number;
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
export async function scanFolders(
  catalog: Catalog,
  roots: readonly string[],
  options: ScanOptions,
): Promise<ScanResult> {
  const absoluteRoots = outermost(roots.map((root) => resolve(root)));
  const result: ScanResult = {
    scanned: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    moved: 0,
    errors: [],
  };
  // Cataloged files not met yet: whatever is left under the roots at the end has vanished. Only
  // per-file state for what the catalog already holds and for changed files, so a first scan of
  // any size runs in the same memory.
  const unseen = catalog.fileFacts();
  const catalogSize = unseen.size;
  // Set once this scan has added as many frames as the catalog held: from then on the frames'
  // indexes are built once at the end instead of row by row (see Catalog.beginBulkLoad).
  let bulkLoad = false;
  const changed = new Set<string>();
  const idWatermark = catalog.frameIdWatermark();
  const batchSize = options.batchSize ?? 2000;
  const chunkSize = Math.min(64, batchSize);
  // Each parsing thread holds half a batch's worth of chunks and more (~15 MB of file heads): it
  // goes on parsing through a commit, which costs about half as long as parsing the batch.
  const chunksPerBatch = Math.ceil(batchSize / chunkSize);
  const reader = new HeaderReader({
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    timeZone: options.timeZone,
    stitched: !options.requiredAgents,
    backlogPerWorker: Math.ceil(chunksPerBatch / 2) + 4,
  });
  let pending: EncodedFrame[] = [];
  let errors: IngestError[] = [];
  let read = 0;
  let layout = '';
  // Header chunks queued, being read or read: enough to keep the readers busy through a batch
  // commit, few enough to bound memory.
  const maxBacklog = 2 * chunksPerBatch + 4;

  const flush = () => {
    if (pending.length === 0 && errors.length === 0) return;
    const frames = pending;
    const failed = errors;
    if (!bulkLoad && frames.length >= batchSize && result.added >= catalogSize) {
      catalog.beginBulkLoad();
      bulkLoad = true;
    }
    catalog.driver.transaction(() => {
      catalog.upsertEncodedFrames(frames);
      for (const e of failed) catalog.addIngestError({ ...e, atMs: Date.now() });
    });
    pending = [];
    errors = [];
  };
  const take = (chunk: Array<EncodedFrame | IngestError>) => {
    for (const item of chunk) {
      read++;
      if (isIngestError(item)) {
        result.errors.push(item);
        errors.push(item);
        continue;
      }
      if (changed.delete(item.path)) result.updated++;
      else result.added++;
      // Frames of a session share one header layout: keep one copy of it while a batch waits.
      if (item.layout === layout) item.layout = layout;
      else layout = item.layout;
      pending.push(item);
    }
    if (pending.length >= batchSize) flush();
    const last = chunk[chunk.length - 1];
    if (last)
      options.onProgress?.({
        scanned: result.scanned,
        read,
        path: last.path,
      });
  };

  try {
    const walk = walkFiles(absoluteRoots, {
      extensions: options.extensions,
      ignore: options.ignore,
      ...(options.signal ? { signal: options.signal } : {}),
      onError: (path, error) =>
        result.errors.push({ path, code: 'IO_ERROR', message: error.message }),
    });
    for await (const files of walk) {
      const toRead: WalkedFile[] = [];
      for (const file of files) {
        result.scanned++;
        const before = unseen.get(file.path);
        if (before) {
          unseen.delete(file.path);
          if (before.sizeBytes === file.sizeBytes && before.mtimeMs === file.mtimeMs) {
            result.unchanged++;
            continue;
          }
          changed.add(file.path);
        }
        toRead.push(file);
      }
      for (let i = 0; i < toRead.length; i += chunkSize) {
        options.signal?.throwIfAborted();
        reader.add(toRead.slice(i, i + chunkSize));
        while (reader.backlog > maxBacklog) take((await reader.next())!);
      }
      options.onProgress?.({ scanned: result.scanned, read, path: files[files.length - 1]!.path });
    }
    for (let chunk; (chunk = await reader.next());) {
      options.signal?.throwIfAborted();
      take(chunk);
    }
    flush();
  } catch (error) {
    // Cancelled or failed: still leave the catalog with its indexes (the next open would).
    if (bulkLoad) {
      bulkLoad = false;
      try {
        catalog.endBulkLoad();
      } catch {
        // The first error is the one to report; the next open retries the rebuild.
      }
    }
    throw error;
  } finally {
    await reader.close();
  }
  if (bulkLoad) catalog.endBulkLoad();

  const missing = [...unseen.keys()].filter(
    (path) => isUnder(path, absoluteRoots) && !existsSync(path),
  );
  const { movedTo, movedToIds, removed } = reconcileMissing(catalog, missing);
  result.moved = movedTo.length;
  result.removed = removed;
  // A moved frame found in this scan was counted as added; it is not new.
  result.added -= movedToIds.filter((id) => id > idWatermark).length;
  return result;
}

/**
 * A frame whose file vanished keeps its identity (id, hashes, agent results) when a frame with the
 * same fingerprint appeared later at another path: that newer row is folded into the old one.
 * Otherwise the frame and everything derived from it leave the catalog.
 */
export function reconcileMissing(
  catalog: Catalog,
  missingPaths: string[],
): { movedTo: string[]; movedToIds: number[]; removed: number } {
  const movedTo: string[] = [];
  const movedToIds: number[] = [];
  const gone: string[] = [];
  for (const path of missingPaths) {
    const old = catalog.getFrame(path);
    if (!old) continue;
    const successor = catalog
      .findByFingerprint(old.fingerprint)
      .find(
        (f) =>
          f.id !== old.id &&
          f.addedAtMs >= old.addedAtMs &&
          existsSync(f.path) &&
          (!f.sha256 || !old.sha256 || f.sha256 === old.sha256),
      );
    if (!successor) {
      gone.push(path);
      continue;
    }
    catalog.removeFrames([successor.path]);
    catalog.moveFrame(old.path, successor.path, {
      sizeBytes: successor.sizeBytes,
      mtimeMs: successor.mtimeMs,
    });
    movedTo.push(successor.path);
    movedToIds.push(successor.id);
  }
  const removed = gone.length > 0 ? catalog.removeFrames(gone) : 0;
  return { movedTo, movedToIds, removed };
}

/** The roots that are not inside another root: a folder is walked once however it is named. */
function outermost(roots: readonly string[]): string[] {
  const unique = [...new Set(roots)];
  return unique.filter((root) => !unique.some((other) => other !== root && isUnder(root, [other])));
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some(
    (root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep),
  );
}
