import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { AstroError, ErrorCode } from '../errors/index.js';

/** Content hashes of one file, hex encoded. */
export interface FileHashes {
  sha256: string;
  /** Empty when MD5 was not asked for. */
  md5: string;
  sizeBytes: number;
}

const SMALL_FILE_BYTES = 4 << 20;

/**
 * Hashes a file in one pass, SHA-256 and MD5 together (MD5 only because S3 speaks it), so the
 * file is read once. Used by the file agent, backup, restore and prune alike.
 *
 * @example
 * ```ts
 * const { sha256 } = await hashFile('/data/M31/light_001.fits');
 * ```
 */
export async function hashFile(
  path: string,
  options: { signal?: AbortSignal; md5?: boolean } = {},
): Promise<FileHashes> {
  const sha = createHash('sha256');
  const md5 = options.md5 === false ? null : createHash('md5');
  let sizeBytes = 0;
  const add = (chunk: Uint8Array) => {
    sha.update(chunk);
    md5?.update(chunk);
    sizeBytes += chunk.byteLength;
  };
  try {
    // Small files in one read: a stream's setup costs more than hashing a few kilobytes.
    if ((await stat(path)).size <= SMALL_FILE_BYTES)
      add(await readFile(path, options.signal ? { signal: options.signal } : {}));
    else {
      const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
      for await (const chunk of stream as AsyncIterable<Buffer>) add(chunk);
    }
  } catch (cause) {
    if (options.signal?.aborted)
      throw new AstroError(ErrorCode.ABORTED, 'hashing aborted', { cause });
    throw new AstroError(ErrorCode.IO_ERROR, `cannot hash ${path}: ${(cause as Error).message}`, {
      cause,
      details: { path },
    });
  }
  return { sha256: sha.digest('hex'), md5: md5 ? md5.digest('hex') : '', sizeBytes };
}
