import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileHashes } from './hash-file.js';

// Inline CommonJS so the worker needs no file of its own (works from src, dist and bundles).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, buffer, md5 }) => {
  const bytes = new Uint8Array(buffer);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const md5Hex = md5 ? createHash('md5').update(bytes).digest('hex') : '';
  parentPort.postMessage({ id, buffer, sha256, md5: md5Hex }, [buffer]);
});
`;

interface Reply {
  id: number;
  buffer: ArrayBuffer;
  sha256: string;
  md5: string;
}

interface PoolWorker {
  worker: Worker;
  /** Jobs in flight; the worker holds the process open only while this is above zero. */
  busy: number;
}

interface Pool {
  workers: PoolWorker[];
  next: number;
  id: number;
  pending: Map<number, { resolve: (reply: Reply) => void; reject: (error: unknown) => void }>;
}

let pool: Pool | null | undefined;

function getPool(): Pool | null {
  if (pool !== undefined) return pool;
  try {
    const size = Math.max(1, Math.min(2, availableParallelism() - 1));
    const created: Pool = { workers: [], next: 0, id: 0, pending: new Map() };
    for (let i = 0; i < size; i++) {
      const entry: PoolWorker = { worker: new Worker(WORKER_SOURCE, { eval: true }), busy: 0 };
      entry.worker.on('message', (reply: Reply) => {
        created.pending.get(reply.id)?.resolve(reply);
        created.pending.delete(reply.id);
        if (--entry.busy === 0) entry.worker.unref();
      });
      entry.worker.on('error', (error) => {
        for (const job of created.pending.values()) job.reject(error);
        created.pending.clear();
        pool = null;
      });
      entry.worker.unref();
      created.workers.push(entry);
    }
    pool = created;
  } catch {
    pool = null;
  }
  return pool;
}

/**
 * SHA-256 (and MD5 unless `md5: false`) of bytes, computed on a worker thread so uploads keep
 * flowing while large buffers are hashed. The bytes are copied to the worker, or moved there and
 * back with `transfer: true` (the input is then detached: use the returned `bytes`). Falls back
 * to this thread when workers are unavailable.
 *
 * @example
 * ```ts
 * const { bytes, hashes } = await hashBytesOffThread(await readFile(path), { transfer: true });
 * ```
 */
export async function hashBytesOffThread(
  input: Uint8Array,
  options: { md5?: boolean; transfer?: boolean } = {},
): Promise<{ bytes: Uint8Array; hashes: FileHashes }> {
  const wantMd5 = options.md5 !== false;
  const workers = input.byteLength >= 256 * 1024 ? getPool() : null;
  if (!workers) {
    const sha256 = createHash('sha256').update(input).digest('hex');
    const md5 = wantMd5 ? createHash('md5').update(input).digest('hex') : '';
    return { bytes: input, hashes: { sha256, md5, sizeBytes: input.byteLength } };
  }
  // Only a buffer the caller gives away and that owns its whole ArrayBuffer moves without a copy.
  const owned =
    options.transfer &&
    input.byteOffset === 0 &&
    input.byteLength === input.buffer.byteLength &&
    input.buffer instanceof ArrayBuffer
      ? input
      : new Uint8Array(input);
  const id = workers.id++;
  const entry = workers.workers[workers.next++ % workers.workers.length] as PoolWorker;
  const reply = await new Promise<Reply>((resolve, reject) => {
    workers.pending.set(id, { resolve, reject });
    if (entry.busy++ === 0) entry.worker.ref();
    entry.worker.postMessage({ id, buffer: owned.buffer, md5: wantMd5 }, [
      owned.buffer as ArrayBuffer,
    ]);
  });
  const bytes = Buffer.from(reply.buffer);
  return { bytes, hashes: { sha256: reply.sha256, md5: reply.md5, sizeBytes: bytes.byteLength } };
}
