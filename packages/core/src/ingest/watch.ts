import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Catalog } from '../catalog/index.js';
import { hasImageExtension } from '../image-file/index.js';
import { isIngestError, readPendingFrame } from './read-pending-frame.js';
import { reconcileMissing, scanFolders, type ScanOptions, type ScanResult } from './scan.js';

export type WatchEvent =
  | { type: 'ready'; initialScan: ScanResult }
  | { type: 'added' | 'updated'; path: string }
  | { type: 'moved'; path: string }
  | { type: 'removed'; path: string }
  | { type: 'error'; path: string; code: string; message: string };

export interface WatchOptions extends ScanOptions {
  /** A file is read once its size has not changed for this long (a capture still being written is left alone). */
  stableMs?: number;
  /**
   * A vanished file is removed from the catalog only after this delay, so that a move (seen as
   * unlink + add) is recognized by fingerprint and keeps the frame's enrichment.
   */
  removalGraceMs?: number;
  /** Use polling (network shares and some containers do not deliver native events). */
  usePolling?: boolean;
  onEvent?: (event: WatchEvent) => void;
  /** Called after each change to the catalog, e.g. to run the enrichment agents. */
  onChanged?: () => void;
}

export interface FolderWatcher {
  /** Resolves after the initial scan, when events are being delivered. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Scans the folders once, then keeps the catalog current as files land, change, move or vanish.
 *
 * @example
 * ```ts
 * const watcher = watchFolders(catalog, ['/data/incoming'], { extensions: ['.fits'], ignore: [], onEvent: console.log });
 * await watcher.ready;
 * ```
 */
export function watchFolders(
  catalog: Catalog,
  roots: readonly string[],
  options: WatchOptions,
): FolderWatcher {
  const absoluteRoots = roots.map((root) => resolve(root));
  const pendingRemovals = new Map<string, NodeJS.Timeout>();
  const ignore = new Set(options.ignore);
  let watcher: FSWatcher | undefined;
  let queue = Promise.resolve();
  // Events are handled one at a time: the catalog sees changes in the order the disk did.
  const enqueue = (task: () => Promise<void>) => {
    queue = queue
      .then(task)
      .catch((error: Error) =>
        options.onEvent?.({ type: 'error', path: '', code: 'INTERNAL', message: error.message }),
      );
  };

  const ingest = async (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return;
    const pending = await readPendingFrame(
      path,
      { sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) },
      options,
    );
    if (isIngestError(pending)) {
      catalog.addIngestError({ ...pending, atMs: Date.now() });
      options.onEvent?.({ type: 'error', ...pending });
      return;
    }
    const existed = catalog.getFrame(path) !== undefined;
    catalog.upsertFrames([{ ...pending, stitched: !options.requiredAgents }]);
    // A file that just vanished with the same fingerprint was moved here: keep its identity.
    const vanished = catalog
      .findByFingerprint(pending.fingerprint)
      .filter((f) => f.path !== path && !existsSync(f.path));
    const { movedTo } = reconcileMissing(
      catalog,
      vanished.map((f) => f.path),
    );
    for (const f of vanished) cancelRemoval(f.path);
    options.onEvent?.(
      movedTo.includes(path)
        ? { type: 'moved', path }
        : { type: existed ? 'updated' : 'added', path },
    );
    options.onChanged?.();
  };

  const scheduleRemoval = (paths: string[]) => {
    for (const path of paths) {
      cancelRemoval(path);
      const timer = setTimeout(() => {
        pendingRemovals.delete(path);
        enqueue(async () => {
          if (existsSync(path) || !catalog.getFrame(path)) return;
          catalog.removeFrames([path]);
          options.onEvent?.({ type: 'removed', path });
          options.onChanged?.();
        });
      }, options.removalGraceMs ?? 3000);
      pendingRemovals.set(path, timer);
    }
  };
  const cancelRemoval = (path: string) => {
    clearTimeout(pendingRemovals.get(path));
    pendingRemovals.delete(path);
  };

  const ready = (async () => {
    const initialScan = await scanFolders(catalog, absoluteRoots, options);
    watcher = watch(absoluteRoots, {
      ignoreInitial: true,
      persistent: true,
      usePolling: options.usePolling ?? false,
      awaitWriteFinish: { stabilityThreshold: options.stableMs ?? 1000, pollInterval: 100 },
      ignored: (path, stats) => {
        const name = basename(path);
        if (ignore.has(name)) return true;
        return stats?.isFile() === true && !hasImageExtension(name, options.extensions);
      },
    });
    watcher.on('add', (path) => enqueue(() => ingest(path)));
    watcher.on('change', (path) => enqueue(() => ingest(path)));
    watcher.on('unlink', (path) => scheduleRemoval([path]));
    watcher.on('unlinkDir', (dir) =>
      scheduleRemoval(
        catalog.search({ pathPrefix: dir + '/', includeUnstitched: true }).map((f) => f.path),
      ),
    );
    await new Promise<void>((done) => watcher!.once('ready', () => done()));
    options.onEvent?.({ type: 'ready', initialScan });
  })();

  return {
    ready,
    async close() {
      await ready.catch(() => {});
      for (const timer of pendingRemovals.values()) clearTimeout(timer);
      pendingRemovals.clear();
      await watcher?.close();
      await queue;
    },
  };
}
