import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { ByteSource } from './byte-source.js';

/**
 * A file ByteSource for the cataloging hot path: one synchronous open+stat+read of the first
 * `prefetchBytes` serves almost every header read from memory. Four FITS blocks hold a capture
 * program's header (NINA writes two); a longer header or an XISF one costs a second read, while
 * a larger default would copy more of every 50 MB frame for nothing. Synchronous calls are used on
 * purpose: for small reads from the page cache they are several times cheaper than the
 * thread-pool round trips of `fs.promises`, and headers are tiny.
 */
export function openPrefetchedFileSource(path: string, prefetchBytes = 4 * 2880): ByteSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new AstroError(ErrorCode.IO_ERROR, `cannot open ${path}: ${(cause as Error).message}`, {
      cause,
      details: { path },
    });
  }
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(prefetchBytes, size));
    let open = true;
    return {
      size,
      async read(offset, length) {
        const end = Math.min(size, offset + length);
        if (end <= head.byteLength) return head.subarray(offset, end);
        if (!open) throw new AstroError(ErrorCode.IO_ERROR, `read after close: ${path}`);
        return readAt(fd, offset, end - offset);
      },
      async close() {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readAt(fd: number, offset: number, length: number): Uint8Array {
  const buffer = new Uint8Array(Math.max(0, length));
  let done = 0;
  while (done < buffer.byteLength) {
    const n = readSync(fd, buffer, done, buffer.byteLength - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === buffer.byteLength ? buffer : buffer.subarray(0, done);
}
