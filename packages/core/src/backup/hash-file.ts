import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AstroError, ErrorCode } from '../errors/index.js';

/** Content hashes of one file, hex encoded. */
export interface FileHashes {
  sha256: string;
  /** Empty when MD5 was not asked for. */
  md5: string;
  sizeBytes: number;
}

/**
 * Hashes a file in one streaming pass (SHA-256 and MD5 together, so the file is read once).
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
  // MD5 is only needed for single-part Content-MD5 and is the slower of the two.
  const md5 = options.md5 === false ? null : createHash('md5');
  let sizeBytes = 0;
  try {
    const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      sha.update(chunk);
      md5?.update(chunk);
      sizeBytes += chunk.length;
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

/** SHA-256 and MD5 of bytes already in memory. */
export function hashBytes(bytes: Uint8Array): FileHashes {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
  };
}

/** Converts a hex digest to the base64 form S3 headers (Content-MD5, x-amz-checksum-*) carry. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
