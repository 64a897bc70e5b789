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

/** Opens a file as a ByteSource; the caller closes it. */
export async function openFileSource(path: string): Promise<ByteSource> {
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
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      const buffer = new Uint8Array(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await handle.read(buffer, done, want - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === want ? buffer : buffer.subarray(0, done);
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
