import { open, type FileHandle } from 'node:fs/promises';
import { AstroError, ErrorCode } from '../errors/index.js';

/**
 * Random access to bytes, so a reader fetches only the pages it needs (a header, never the data).
 * Hosts may supply their own (a VS Code document, a buffer in a webview).
 */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; returns fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A ByteSource over bytes already in memory. */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (offset, length) =>
      bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
    close: async () => {},
  };
}

/** A file ByteSource that can also fill a caller's buffer, so uploads can reuse part buffers. */
export interface FileSource extends ByteSource {
  /** Reads `into.byteLength` bytes at `offset` into `into`; returns fewer only at the end. */
  readInto(into: Uint8Array, offset: number): Promise<number>;
}

export function canReadInto(source: ByteSource): source is FileSource {
  return typeof (source as Partial<FileSource>).readInto === 'function';
}

/** Opens a file as a ByteSource; the caller closes it. */
export async function openFileSource(path: string): Promise<FileSource> {
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
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const done = await readInto(buffer, offset);
      return done === buffer.byteLength ? buffer : buffer.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

/** Opens, runs `fn`, and always closes. */
export async function withFileSource<T>(
  path: string,
  fn: (source: ByteSource) => Promise<T>,
): Promise<T> {
  const source = await openFileSource(path);
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
