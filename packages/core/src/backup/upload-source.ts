import { open, type FileHandle } from 'node:fs/promises';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';

/** A ByteSource that can also fill a caller's buffer, so uploads can reuse part buffers. */
export interface UploadSource extends ByteSource {
  /** Reads `into.byteLength` bytes at `offset` into `into`; returns fewer only at the end. */
  readInto(into: Uint8Array, offset: number): Promise<number>;
}

export function canReadInto(source: ByteSource): source is UploadSource {
  return typeof (source as Partial<UploadSource>).readInto === 'function';
}

/**
 * Opens a file to upload; the caller closes it.
 *
 * @example
 * ```ts
 * const source = await openUploadSource('/lib/M31/light_001.fits');
 * try { await target.put({ key, source, sizeBytes: source.size, mtimeMs }); } finally { await source.close(); }
 * ```
 */
export async function openUploadSource(path: string): Promise<UploadSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new AstroError(ErrorCode.IO_ERROR, `cannot open ${path}: ${(cause as Error).message}`, {
      cause,
      details: { path },
    });
  }
  const { size } = await handle.stat();
  async function readInto(into: Uint8Array, offset: number): Promise<number> {
    let done = 0;
    while (done < into.byteLength) {
      const { bytesRead } = await handle.read(into, done, into.byteLength - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }
  return {
    size,
    readInto,
    async read(offset, length) {
      const into = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      return into.subarray(0, await readInto(into, offset));
    },
    close: () => handle.close(),
  };
}
