import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FrameEncoder, type EncodedFrame } from '../catalog/encoded-frame.js';
import { AstroError, ErrorCode, toAstroError } from '../errors/index.js';
import { HEAD_BYTES, prefetchedFileSource, readFileHead } from '../io/index.js';
import { isIngestError, readPendingFrame, type IngestError } from './read-pending-frame.js';
import type { WalkedFile } from './walk-files.js';

export interface HeaderReaderOptions {
  /** Worker threads besides this one; default one fewer than the cores (at least one). 0 reads here. */
  workers?: number;
  /** IANA zone for the observing night when headers carry no local time. */
  timeZone?: string | undefined;
  /** Whether new frames are visible to search at once (see `UpsertItem.stitched`). */
  stitched?: boolean;
}

/** A file whose first bytes the writing thread has read, for a reader thread to parse. */
export interface PrefetchedFile extends WalkedFile {
  head: Uint8Array;
}

/** @internal A chunk of files for one worker; their heads are views of `buffer`. */
export interface HeaderTask {
  id: number;
  files: PrefetchedFile[];
  buffer: ArrayBuffer;
  options: Pick<HeaderReaderOptions, 'timeZone' | 'stitched'>;
}

/** @internal A worker's answer; it hands the heads' buffer back to be filled again. */
export interface HeaderReply {
  id: number;
  results: ChunkResult;
  buffer: ArrayBuffer;
}

type ChunkResult = Array<EncodedFrame | IngestError>;

/**
 * Reads the first bytes of each file into one buffer (handed to a worker without copying), `spare`
 * when it is large enough. A file that cannot be opened is an ingest error at once.
 */
export function prefetchHeads(
  files: readonly WalkedFile[],
  spare?: ArrayBuffer,
): {
  prefetched: PrefetchedFile[];
  failed: IngestError[];
  buffer: ArrayBuffer;
} {
  let total = 0;
  for (const file of files) total += Math.min(file.sizeBytes, HEAD_BYTES);
  const buffer = spare && spare.byteLength >= total ? spare : new ArrayBuffer(total);
  const prefetched: PrefetchedFile[] = [];
  const failed: IngestError[] = [];
  let offset = 0;
  for (const file of files) {
    const length = Math.min(file.sizeBytes, HEAD_BYTES);
    try {
      const head = readFileHead(file.path, new Uint8Array(buffer, offset, length));
      prefetched.push({ ...file, head });
    } catch (error) {
      const { code, message } = toAstroError(error);
      failed.push({ path: file.path, code, message });
    }
    offset += length;
  }
  return { prefetched, failed, buffer };
}

/**
 * Parses and encodes a chunk of prefetched files. Frames leave encoded: plain strings and numbers
 * are cheap to hand to the thread that writes them.
 */
export async function readEncodedFrames(
  files: readonly PrefetchedFile[],
  options: HeaderTask['options'],
  encoder: FrameEncoder,
): Promise<ChunkResult> {
  const results: ChunkResult = [];
  for (const file of files) {
    const source = prefetchedFileSource(file.path, file.head, file);
    let read;
    try {
      read = await readPendingFrame(file.path, file, { ...options, source });
    } finally {
      await source.close();
    }
    results.push(
      isIngestError(read) ? read : encoder.encode({ ...read, stitched: options.stitched ?? false }),
    );
  }
  return results;
}

/**
 * Reads headers for the scan: the calling thread, which also walks the folders and writes the
 * catalog, reads each file's first bytes (open, read, close) and worker threads parse them (when
 * the built worker is present). That split keeps both cores of a small machine busy: the file
 * system calls and the SQLite writes on one side cost about what parsing, normalizing and
 * encoding cost on the other. Without workers (running from source, or bundled into a host) the
 * calling thread parses each chunk itself when it asks for the next.
 *
 * Each worker holds a backlog of chunks long enough to go on parsing through a batch commit on
 * the writing side. (Letting the writing thread parse whenever no chunk was ready measured no
 * faster: both threads then make file system calls at once, each slower, and collect more garbage.)
 */
export class HeaderReader {
  private readonly encoder = new FrameEncoder();
  private readonly task: HeaderTask['options'];
  private readonly workers: Worker[];
  /** Chunks each worker holds: enough reading to outlast one batch commit on the other side. */
  private readonly backlogPerWorker: number;
  private readonly waiting: WalkedFile[][] = [];
  private readonly ready: ChunkResult[] = [];
  private readonly spareBuffers: ArrayBuffer[] = [];
  private readonly replies = new Map<number, (results: ChunkResult) => void>();
  private running = 0;
  private nextId = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private closing = false;

  constructor(
    options: HeaderReaderOptions & {
      backlogPerWorker?: number;
      /** @internal The worker script; by default the built `header-worker.js`. */
      workerUrl?: URL;
    } = {},
  ) {
    this.task = { timeZone: options.timeZone, stitched: options.stitched ?? false };
    this.backlogPerWorker = options.backlogPerWorker ?? 16;
    const url = options.workerUrl ?? workerUrl();
    const count = url ? (options.workers ?? Math.max(1, availableParallelism() - 1)) : 0;
    this.workers = Array.from({ length: count }, () => this.startWorker(url!));
  }

  /** Chunks queued, being read or read and not yet taken: what the caller holds in memory. */
  get backlog(): number {
    return this.waiting.length + this.running + this.ready.length;
  }

  /** Queues a chunk of files to read. */
  add(files: WalkedFile[]): void {
    this.waiting.push(files);
    this.dispatch();
  }

  /**
   * The next chunk's frames (in no particular order between chunks): a chunk a worker finished,
   * else the first one a worker finishes (without workers: the next waiting chunk, read here).
   * Undefined once everything added has been taken; rejects if a reader thread died.
   */
  async next(): Promise<ChunkResult | undefined> {
    for (;;) {
      if (this.failure) throw this.failure;
      this.dispatch();
      const ready = this.ready.shift();
      if (ready) return ready;
      if (this.workers.length === 0) {
        const chunk = this.waiting.shift();
        if (!chunk) return undefined;
        const { prefetched, failed } = prefetchHeads(chunk);
        return [...failed, ...(await readEncodedFrames(prefetched, this.task, this.encoder))];
      }
      if (this.running === 0) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && this.running < this.workers.length * this.backlogPerWorker) {
      const { prefetched, failed, buffer } = prefetchHeads(
        this.waiting.shift()!,
        this.spareBuffers.pop(),
      );
      if (failed.length > 0) {
        this.ready.push(failed);
        this.wakeUp();
      }
      if (prefetched.length === 0) continue;
      const id = this.nextId++;
      this.running++;
      this.replies.set(id, (results) => {
        this.running--;
        this.ready.push(results);
        this.wakeUp();
      });
      this.workers[id % this.workers.length]!.postMessage(
        { id, files: prefetched, buffer, options: this.task } satisfies HeaderTask,
        [buffer],
      );
    }
  }

  private startWorker(url: URL): Worker {
    const worker = new Worker(url);
    worker.unref();
    worker.on('message', (reply: HeaderReply) => {
      // Buffers go round between this thread and the workers: heads cost no new memory.
      this.spareBuffers.push(reply.buffer);
      this.replies.get(reply.id)?.(reply.results);
      this.replies.delete(reply.id);
    });
    worker.on('error', (error) => this.fail(`failed: ${error.message}`, error));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(`exited with code ${code}`);
    });
    return worker;
  }

  private fail(what: string, cause?: Error): void {
    this.failure ??= new AstroError(ErrorCode.IO_ERROR, `a header reader thread ${what}`, {
      ...(cause ? { cause } : {}),
    });
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
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
