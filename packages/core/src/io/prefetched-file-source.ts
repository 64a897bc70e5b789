import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { ByteSource } from './byte-source.js';

/**
 * Bytes read up front for a header: four FITS blocks hold a capture program's header (NINA writes
 * two); a longer header or an XISF one costs a second read, while a larger default would copy more
 * of every 50 MB frame for nothing.
 */
export const HEAD_BYTES = 4 * 2880;

// Synchronous calls are used on purpose throughout: for small reads from the page cache they are
// several times cheaper than the thread-pool round trips of `fs.promises`, and headers are tiny.

/**
 * Fills `into` with the first bytes of a file (fewer when the file is shorter) in one open, read
 * and close; returns the part filled. The scan's writing thread does this for the thread that
 * parses, so the parsing thread does no file system calls for almost every file.
 */
export function readFileHead(path: string, into: Uint8Array): Uint8Array {
  const fd = openFile(path);
  try {
    return into.subarray(0, readFully(fd, into, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * A ByteSource over a file whose first bytes (`head`) were read earlier, for a file of the size
 * and modification time the caller saw. A read past the head (a long header) opens the file, and
 * fails with IO_ERROR if it is no longer that file, so no header is stitched from two versions.
 */
export function prefetchedFileSource(
  path: string,
  head: Uint8Array,
  seen: { sizeBytes: number; mtimeMs: number },
): ByteSource {
  return headSource(path, seen.sizeBytes, head, () => {
    const fd = openFile(path);
    const now = fstatSync(fd);
    if (now.size !== seen.sizeBytes || Math.trunc(now.mtimeMs) !== seen.mtimeMs) {
      closeSync(fd);
      throw new AstroError(ErrorCode.IO_ERROR, `${path} changed while its header was read`, {
        details: { path },
      });
    }
    return fd;
  });
}

/** Opens a file as a ByteSource whose first `prefetchBytes` are read at once; the caller closes it. */
export function openPrefetchedFileSource(path: string, prefetchBytes = HEAD_BYTES): ByteSource {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    return headSource(path, size, readAt(fd, 0, Math.min(prefetchBytes, size)), () => fd, fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Serves `head` from memory and the rest through the descriptor `openRest` gives on the first
 * read past it (`fd` when the file is open already); closing closes that descriptor.
 */
function headSource(
  path: string,
  size: number,
  head: Uint8Array,
  openRest: () => number,
  fd?: number,
): ByteSource {
  let closed = false;
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (end <= head.byteLength) return head.subarray(offset, end);
      if (closed) throw new AstroError(ErrorCode.IO_ERROR, `read after close: ${path}`);
      fd ??= openRest();
      return readAt(fd, offset, end - offset);
    },
    async close() {
      if (fd !== undefined && !closed) closeSync(fd);
      closed = true;
    },
  };
}

function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (cause) {
    throw new AstroError(ErrorCode.IO_ERROR, `cannot open ${path}: ${(cause as Error).message}`, {
      cause,
      details: { path },
    });
  }
}

function readAt(fd: number, offset: number, length: number): Uint8Array {
  const buffer = new Uint8Array(Math.max(0, length));
  return buffer.subarray(0, readFully(fd, buffer, offset));
}

/** Reads until `into` is full or the file ends; returns the bytes read. */
function readFully(fd: number, into: Uint8Array, offset: number): number {
  let done = 0;
  while (done < into.byteLength) {
    const n = readSync(fd, into, done, into.byteLength - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
