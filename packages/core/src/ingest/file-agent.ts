import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { Agent } from './agent.js';

/**
 * Reads a file once through SHA-256 and MD5 together (MD5 only because S3 speaks it).
 * Large reads keep the hashing throughput close to the disk's.
 */
export async function hashFile(
  path: string,
  signal?: AbortSignal,
): Promise<{ sha256: string; md5: string; sizeBytes: number }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let sizeBytes = 0;
  const add = (chunk: Uint8Array) => {
    sha256.update(chunk);
    md5.update(chunk);
    sizeBytes += chunk.byteLength;
  };
  // Small files in one read: a stream's setup costs more than hashing a few kilobytes.
  if ((await stat(path)).size <= SMALL_FILE_BYTES)
    add(await readFile(path, signal ? { signal } : {}));
  else {
    const stream = createReadStream(path, {
      highWaterMark: 1 << 20,
      ...(signal ? { signal } : {}),
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) add(chunk);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), sizeBytes };
}

const SMALL_FILE_BYTES = 4 << 20;

/**
 * The file agent's checksum stage: content hashes, computed after the header record is already
 * searchable so a large library is usable long before it is fully hashed. A file that changed
 * while being hashed fails the run (and is retried), so a hash never describes bytes that are
 * no longer there.
 */
export function createFileAgent(): Agent {
  return {
    name: 'file',
    async run(frame, { signal }) {
      const before = await stat(frame.path);
      const hashes = await hashFile(frame.path, signal);
      const after = await stat(frame.path);
      if (
        before.size !== after.size ||
        before.mtimeMs !== after.mtimeMs ||
        hashes.sizeBytes !== after.size
      ) {
        throw new AstroError(ErrorCode.IO_ERROR, `file changed while hashing: ${frame.path}`);
      }
      const file = { sizeBytes: after.size, mtimeMs: Math.trunc(after.mtimeMs) };
      return {
        apply: (catalog) =>
          catalog.setHashes(frame.id, { sha256: hashes.sha256, md5: hashes.md5 }, file),
      };
    },
  };
}
