import * as zlib from 'node:zlib';
import { decompress } from 'fzstd';
import { AstroError, ErrorCode } from '../../errors/index.js';

const ZSTD_MAGIC = 0xfd2fb528;
const MAX_BLOCK_SIZE = 128 * 1024;

/** Decodes a Zstandard stream (pure JS, fzstd) into exactly `uncompressedSize` bytes. */
export function zstdDecompress(input: Uint8Array, uncompressedSize: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = decompress(input, new Uint8Array(uncompressedSize));
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CORRUPT_DATA,
      `zstd stream is corrupt: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (out.length !== uncompressedSize) {
    throw new AstroError(
      ErrorCode.CORRUPT_DATA,
      `zstd stream decoded to ${out.length} bytes, expected ${uncompressedSize}`,
    );
  }
  return out;
}

type ZstdCompressSync = (data: Uint8Array) => Uint8Array;

/**
 * Encodes bytes as a Zstandard frame. Node ≥ 22.15 has a real zstd encoder in node:zlib and we
 * use it; on Node 20 no pure-JS encoder exists, so we write a valid frame of stored (raw) and
 * run-length (RLE) blocks: any zstd decoder reads it, but it barely compresses.
 *
 * @example
 * ```ts
 * const frame = zstdCompress(bytes); // zstdDecompress(frame, bytes.length) restores it
 * ```
 */
export function zstdCompress(input: Uint8Array): Uint8Array {
  const native = (zlib as unknown as { zstdCompressSync?: ZstdCompressSync }).zstdCompressSync;
  if (typeof native === 'function') return new Uint8Array(native(input));
  return zstdStoredFrame(input);
}

/** A zstd frame holding the input in raw and RLE blocks (RFC 8878 §3.1.1). */
export function zstdStoredFrame(input: Uint8Array): Uint8Array {
  const blockCount = Math.max(1, Math.ceil(input.length / MAX_BLOCK_SIZE));
  const out = new Uint8Array(4 + 1 + 8 + blockCount * 3 + input.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, ZSTD_MAGIC, true);
  // Frame header descriptor: 8-byte content size (flag 3), single segment, no checksum, no dictionary.
  out[4] = (3 << 6) | (1 << 5);
  view.setBigUint64(5, BigInt(input.length), true);
  let op = 13;
  for (let b = 0; b < blockCount; b++) {
    const start = b * MAX_BLOCK_SIZE;
    const chunk = input.subarray(start, Math.min(input.length, start + MAX_BLOCK_SIZE));
    const last = b === blockCount - 1 ? 1 : 0;
    const rle = chunk.length > 1 && chunk.every((v) => v === chunk[0]);
    const header = (chunk.length << 3) | ((rle ? 1 : 0) << 1) | last;
    out[op++] = header & 0xff;
    out[op++] = (header >>> 8) & 0xff;
    out[op++] = (header >>> 16) & 0xff;
    if (rle) {
      out[op++] = chunk[0]!;
    } else {
      out.set(chunk, op);
      op += chunk.length;
    }
  }
  return out.slice(0, op);
}
