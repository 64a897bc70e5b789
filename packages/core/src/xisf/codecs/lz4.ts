import { AstroError, ErrorCode } from '../../errors/index.js';

/*
 * The raw LZ4 *block* format (no frame), which is what XISF stores for `lz4` and `lz4hc`.
 * A block is a run of sequences: a token (literal length nibble, match length nibble), the
 * literals, a 2-byte little-endian back offset and the extra match length; the last sequence
 * holds only literals.
 */

const MIN_MATCH = 4;
// Format rules: the last 5 bytes are literals and the last match starts 12+ bytes before the end.
const LAST_LITERALS = 5;
const MATCH_FIND_LIMIT = 12;
const MAX_OFFSET = 65_535;
const HASH_BITS = 16;

function corrupt(message: string): AstroError {
  return new AstroError(ErrorCode.CORRUPT_DATA, `LZ4 block is corrupt: ${message}`);
}

/**
 * Decodes one raw LZ4 block into exactly `uncompressedSize` bytes; every read and write is
 * bounds-checked, so hostile input fails with CORRUPT_DATA instead of overrunning.
 *
 * @example
 * ```ts
 * const bytes = lz4DecompressBlock(stored, 1_048_576);
 * ```
 */
export function lz4DecompressBlock(input: Uint8Array, uncompressedSize: number): Uint8Array {
  const out = new Uint8Array(uncompressedSize);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const token = input[ip++]!;
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let b: number;
      do {
        if (ip >= input.length) throw corrupt('literal length runs past the end');
        b = input[ip++]!;
        literalLength += b;
      } while (b === 255);
    }
    if (ip + literalLength > input.length) throw corrupt('literals run past the end of the input');
    if (op + literalLength > uncompressedSize) throw corrupt('literals overflow the output');
    out.set(input.subarray(ip, ip + literalLength), op);
    ip += literalLength;
    op += literalLength;
    if (ip === input.length) break;
    if (ip + 2 > input.length) throw corrupt('match offset runs past the end');
    const offset = input[ip]! | (input[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op)
      throw corrupt(`invalid match offset ${offset} at output ${op}`);
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        if (ip >= input.length) throw corrupt('match length runs past the end');
        b = input[ip++]!;
        matchLength += b;
      } while (b === 255);
    }
    matchLength += MIN_MATCH;
    if (op + matchLength > uncompressedSize) throw corrupt('match overflows the output');
    if (offset >= matchLength) {
      out.copyWithin(op, op - offset, op - offset + matchLength);
      op += matchLength;
    } else {
      // Overlapping copy repeats the last `offset` bytes, so it must go byte by byte.
      for (let k = 0; k < matchLength; k++, op++) out[op] = out[op - offset]!;
    }
  }
  if (op !== uncompressedSize) {
    throw corrupt(`decoded ${op} bytes, expected ${uncompressedSize}`);
  }
  return out;
}

function read32(bytes: Uint8Array, i: number): number {
  return bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
}

function writeLength(out: Uint8Array, op: number, length: number): number {
  let rest = length - 15;
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

/**
 * Encodes bytes as one raw LZ4 block with a greedy single-probe hash matcher: fast and simple,
 * compressing less than the reference `lz4`/`lz4hc` but decodable by any LZ4 block decoder.
 *
 * @example
 * ```ts
 * const stored = lz4CompressBlock(pixels); // lz4DecompressBlock(stored, pixels.length) restores it
 * ```
 */
export function lz4CompressBlock(input: Uint8Array): Uint8Array {
  const n = input.length;
  const out = new Uint8Array(n + Math.ceil(n / 255) + 16);
  let op = 0;
  let anchor = 0;

  const emit = (literalEnd: number, offset: number, matchLength: number): void => {
    const literalLength = literalEnd - anchor;
    const tokenIndex = op++;
    let token = (literalLength >= 15 ? 15 : literalLength) << 4;
    if (literalLength >= 15) op = writeLength(out, op, literalLength);
    out.set(input.subarray(anchor, literalEnd), op);
    op += literalLength;
    if (matchLength > 0) {
      out[op++] = offset & 0xff;
      out[op++] = offset >>> 8;
      const extra = matchLength - MIN_MATCH;
      token |= extra >= 15 ? 15 : extra;
      if (extra >= 15) op = writeLength(out, op, extra);
    }
    out[tokenIndex] = token;
  };

  if (n > MATCH_FIND_LIMIT) {
    const table = new Int32Array(1 << HASH_BITS).fill(-1);
    const lastMatchStart = n - MATCH_FIND_LIMIT;
    const matchEndLimit = n - LAST_LITERALS;
    let i = 0;
    while (i < lastMatchStart) {
      const sequence = read32(input, i);
      const h = Math.imul(sequence, 2654435761) >>> (32 - HASH_BITS);
      const ref = table[h]!;
      table[h] = i;
      if (ref >= 0 && i - ref <= MAX_OFFSET && read32(input, ref) === sequence) {
        let length = MIN_MATCH;
        while (i + length < matchEndLimit && input[ref + length] === input[i + length]) length++;
        emit(i, i - ref, length);
        i += length;
        anchor = i;
      } else {
        i++;
      }
    }
  }
  emit(n, 0, 0);
  return out.slice(0, op);
}
