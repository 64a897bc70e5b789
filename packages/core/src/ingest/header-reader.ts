import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readPendingFrame, type IngestError, type PendingFrame } from './read-pending-frame.js';
import type { WalkedFile } from './walk-files.js';

/** @internal A chunk of files for one worker. */
export interface HeaderTask {
  id: number;
  files: WalkedFile[];
  timeZone: string | undefined;
}

/** Reads headers for the scan, on worker threads when the built worker is present. */
export interface HeaderReader {
  read(files: WalkedFile[]): Promise<Array<PendingFrame | IngestError>>;
  close(): Promise<void>;
}

/**
 * A pool of header readers. Reading and parsing headers runs on `workers` threads while the
 * calling thread writes the catalog, so both cores work during a scan. Running from source
 * (no built worker), or with `workers: 0`, it reads in this thread.
 */
export function createHeaderReader(
  options: { workers?: number; timeZone?: string | undefined } = {},
): HeaderReader {
  const url = workerUrl();
  const count = options.workers ?? Math.max(1, availableParallelism() - 1);
  if (!url || count <= 0) {
    return {
      // One file at a time: each read holds a file descriptor.
      async read(files) {
        const results: Array<PendingFrame | IngestError> = [];
        for (const file of files) results.push(await readPendingFrame(file.path, file, options));
        return results;
      },
      close: async () => {},
    };
  }
  const workers = Array.from({ length: count }, () => new Worker(url));
  const waiting = new Map<
    number,
    { resolve: (r: Array<PendingFrame | IngestError>) => void; reject: (e: Error) => void }
  >();
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (reply: { id: number; results: Array<PendingFrame | IngestError> }) => {
      waiting.get(reply.id)?.resolve(reply.results);
      waiting.delete(reply.id);
    });
    worker.on('error', (error) => {
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
  }
  let next = 0;
  return {
    read(files) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % workers.length]!.postMessage({
          id,
          files,
          timeZone: options.timeZone,
        } satisfies HeaderTask);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function workerUrl(): URL | undefined {
  // Re-bundled into a host (a CommonJS main.js) there is no module URL and no worker file: read here.
  if (!import.meta.url) return undefined;
  // Bundled, this module may sit in a shared chunk at the package root or inside ingest/.
  for (const candidate of ['./header-worker.js', './ingest/header-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}
