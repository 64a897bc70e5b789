import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FrameEncoder, type EncodedFrame } from '../catalog/encoded-frame.js';
import { isIngestError, readPendingFrame, type IngestError } from './read-pending-frame.js';
import type { WalkedFile } from './walk-files.js';

export interface HeaderReaderOptions {
  /** Worker threads; default one per core. 0 reads in this thread. */
  workers?: number;
  /** IANA zone for the observing night when headers carry no local time. */
  timeZone?: string | undefined;
  /** Whether new frames are visible to search at once (see `UpsertItem.stitched`). */
  stitched?: boolean;
}

/** @internal A chunk of files for one worker. */
export interface HeaderTask {
  id: number;
  files: WalkedFile[];
  options: Pick<HeaderReaderOptions, 'timeZone' | 'stitched'>;
}

/** Reads headers for the scan, on worker threads when the built worker is present. */
export interface HeaderReader {
  read(files: WalkedFile[]): Promise<Array<EncodedFrame | IngestError>>;
  close(): Promise<void>;
}

/**
 * Reads and encodes a chunk of files, one at a time (each read holds a file descriptor). Frames
 * leave encoded: plain strings and numbers are cheap to hand to the thread that writes them.
 */
export async function readEncodedFrames(
  files: readonly WalkedFile[],
  options: HeaderTask['options'],
  encoder: FrameEncoder,
): Promise<Array<EncodedFrame | IngestError>> {
  const results: Array<EncodedFrame | IngestError> = [];
  for (const file of files) {
    const read = await readPendingFrame(file.path, file, options);
    results.push(
      isIngestError(read) ? read : encoder.encode({ ...read, stitched: options.stitched ?? false }),
    );
  }
  return results;
}

/**
 * A pool of header readers. Reading and parsing headers runs on `workers` threads while the
 * calling thread writes the catalog, so both cores work during a scan. Running from source
 * (no built worker), or with `workers: 0`, it reads in this thread.
 */
export function createHeaderReader(options: HeaderReaderOptions = {}): HeaderReader {
  const url = workerUrl();
  const count = options.workers ?? availableParallelism();
  const task = { timeZone: options.timeZone, stitched: options.stitched ?? false };
  if (!url || count <= 0) {
    const encoder = new FrameEncoder();
    return {
      read: (files) => readEncodedFrames(files, task, encoder),
      close: async () => {},
    };
  }
  const workers = Array.from({ length: count }, () => new Worker(url));
  const waiting = new Map<
    number,
    { resolve: (r: Array<EncodedFrame | IngestError>) => void; reject: (e: Error) => void }
  >();
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (reply: { id: number; results: Array<EncodedFrame | IngestError> }) => {
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
          options: task,
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
