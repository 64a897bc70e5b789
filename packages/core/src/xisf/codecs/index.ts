import { deflateSync, inflateSync } from 'node:zlib';
import { AstroError, ErrorCode } from '../../errors/index.js';
import { lz4CompressBlock, lz4DecompressBlock } from './lz4.js';
import { shuffleBytes, unshuffleBytes } from './shuffle.js';
import { zstdCompress, zstdDecompress } from './zstd.js';

export { lz4CompressBlock, lz4DecompressBlock } from './lz4.js';
export { shuffleBytes, unshuffleBytes } from './shuffle.js';
export { zstdCompress, zstdDecompress, zstdStoredFrame } from './zstd.js';

export type XisfCodec = 'zlib' | 'lz4' | 'lz4hc' | 'zstd';

export const XISF_CODECS: readonly XisfCodec[] = ['zlib', 'lz4', 'lz4hc', 'zstd'];

/** How a stored data block was compressed, from its `compression` (and `subblocks`) attributes. */
export interface BlockCompression {
  codec: XisfCodec;
  shuffled: boolean;
  uncompressedSize: number;
  itemSize?: number;
  /** [compressed, uncompressed] byte sizes of each subblock, when the block was split. */
  subblocks?: Array<[number, number]>;
}

function zlibInflate(stored: Uint8Array, size: number): Uint8Array {
  let out: Buffer;
  try {
    // The size cap stops a hostile stream from inflating without bound.
    out = inflateSync(stored, { maxOutputLength: Math.max(1, size) });
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CORRUPT_DATA,
      `zlib stream is corrupt: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (out.length !== size) {
    throw new AstroError(
      ErrorCode.CORRUPT_DATA,
      `zlib stream inflated to ${out.length} bytes, expected ${size}`,
    );
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function decodeOne(codec: XisfCodec, stored: Uint8Array, size: number): Uint8Array {
  switch (codec) {
    case 'zlib':
      return zlibInflate(stored, size);
    case 'lz4':
    case 'lz4hc':
      return lz4DecompressBlock(stored, size);
    case 'zstd':
      return zstdDecompress(stored, size);
  }
}

/**
 * Turns a stored (compressed, maybe shuffled, maybe split) block back into its raw bytes.
 *
 * @example
 * ```ts
 * const raw = decodeStoredBlock(stored, { codec: 'lz4', shuffled: true, uncompressedSize: 2048, itemSize: 2 });
 * ```
 */
export function decodeStoredBlock(stored: Uint8Array, compression: BlockCompression): Uint8Array {
  const { codec, uncompressedSize, subblocks } = compression;
  let raw: Uint8Array;
  if (subblocks && subblocks.length > 0) {
    raw = new Uint8Array(uncompressedSize);
    let ip = 0;
    let op = 0;
    for (const [packed, unpacked] of subblocks) {
      if (ip + packed > stored.length || op + unpacked > uncompressedSize) {
        throw new AstroError(
          ErrorCode.CORRUPT_DATA,
          'compression subblocks do not fit the data block',
        );
      }
      raw.set(decodeOne(codec, stored.subarray(ip, ip + packed), unpacked), op);
      ip += packed;
      op += unpacked;
    }
    if (op !== uncompressedSize) {
      throw new AstroError(
        ErrorCode.CORRUPT_DATA,
        `subblocks hold ${op} bytes, expected ${uncompressedSize}`,
      );
    }
  } else {
    raw = decodeOne(codec, stored, uncompressedSize);
  }
  return compression.shuffled ? unshuffleBytes(raw, compression.itemSize ?? 1) : raw;
}

/**
 * Compresses raw bytes with an XISF codec, shuffling first when `itemSize` is given.
 * `lz4hc` uses the same encoder as `lz4` (the stream format is identical; only the reference
 * HC encoder searches harder).
 */
export function encodeBlock(raw: Uint8Array, codec: XisfCodec, itemSize?: number): Uint8Array {
  const input = itemSize !== undefined && itemSize > 1 ? shuffleBytes(raw, itemSize) : raw;
  switch (codec) {
    case 'zlib': {
      const out = deflateSync(input);
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    }
    case 'lz4':
    case 'lz4hc':
      return lz4CompressBlock(input);
    case 'zstd':
      return zstdCompress(input);
  }
}
