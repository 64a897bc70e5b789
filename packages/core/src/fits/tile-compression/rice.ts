import { AstroError, ErrorCode } from '../../errors/index.js';

/** Integer widths Rice coding handles: 1, 2 or 4 bytes per pixel. */
export type RiceBytepix = 1 | 2 | 4;

/** Per-width code parameters: bits of the split-position field and its "raw block" marker. */
function params(bytepix: RiceBytepix): { fsBits: number; fsMax: number; rawBits: number } {
  if (bytepix === 1) return { fsBits: 3, fsMax: 6, rawBits: 8 };
  if (bytepix === 2) return { fsBits: 4, fsMax: 14, rawBits: 16 };
  return { fsBits: 5, fsMax: 25, rawBits: 32 };
}

/** Wraps an accumulator to the pixel width (unsigned bytes, signed 16/32-bit). */
function wrap(value: number, bytepix: RiceBytepix): number {
  if (bytepix === 1) return value & 0xff;
  if (bytepix === 2) return (value << 16) >> 16;
  return value | 0;
}

/**
 * Decodes one Rice-compressed tile (RICE_1 of the tiled-image convention): the first pixel raw,
 * then blocks of `blockSize` differences, each block opened by a split position `fs` (or a
 * marker for "all zero" or "raw bits"), each difference a unary high part plus `fs` low bits,
 * zig-zag mapped to be non-negative.
 */
export function riceDecode(
  input: Uint8Array,
  count: number,
  blockSize: number,
  bytepix: RiceBytepix,
): Int32Array {
  const { fsBits, fsMax, rawBits } = params(bytepix);
  const out = new Int32Array(count);
  if (count === 0) return out;
  if (input.length < bytepix) throw corrupt('tile shorter than its first pixel');
  let last = 0;
  for (let i = 0; i < bytepix; i++) last = (last << 8) | (input[i] as number);
  last = wrap(last, bytepix);

  let pos = bytepix;
  let buf = 0;
  let nbits = 0;
  const end = input.length;
  // Reads k <= 24 bits, most significant first; bytes past the end read as zero.
  const read = (k: number): number => {
    while (nbits < k) {
      buf = ((buf << 8) | (pos < end ? (input[pos] as number) : 0)) >>> 0;
      pos++;
      nbits += 8;
    }
    nbits -= k;
    const value = (buf >>> nbits) & ((1 << k) - 1);
    buf &= (1 << nbits) - 1;
    return value;
  };

  for (let start = 0; start < count; start += blockSize) {
    const stop = Math.min(start + blockSize, count);
    const fs = read(fsBits) - 1;
    if (fs < 0) {
      out.fill(last, start, stop);
      continue;
    }
    for (let i = start; i < stop; i++) {
      let diff: number;
      if (fs === fsMax) {
        diff = rawBits === 32 ? ((read(16) << 16) | read(16)) >>> 0 : read(rawBits);
      } else {
        let zeros = 0;
        while (buf === 0) {
          if (pos > end + 4) throw corrupt('run of zero bits past the end of the tile');
          zeros += nbits;
          buf = pos < end ? (input[pos] as number) : 0;
          pos++;
          nbits = 8;
        }
        const lead = nbits - (32 - Math.clz32(buf));
        zeros += lead;
        nbits -= lead + 1;
        buf &= (1 << nbits) - 1;
        diff = fs === 0 ? zeros : ((zeros << fs) | read(fs)) >>> 0;
      }
      const delta = diff & 1 ? ~(diff >>> 1) : diff >>> 1;
      last = wrap(last + delta, bytepix);
      out[i] = last;
    }
  }
  if (pos > end + 4) throw corrupt('tile data ended early');
  return out;
}

/** Encodes pixels (already integers of the given width) as one RICE_1 tile. */
export function riceEncode(
  values: ArrayLike<number>,
  blockSize: number,
  bytepix: RiceBytepix,
): Uint8Array {
  const { fsBits, fsMax, rawBits } = params(bytepix);
  const n = values.length;
  const bytes: number[] = [];
  let buf = 0;
  let nbits = 0;
  const write = (value: number, k: number): void => {
    // Callers pass k <= 16 so the 32-bit accumulator never overflows.
    buf = ((buf << k) | (value & ((1 << k) - 1))) >>> 0;
    nbits += k;
    while (nbits >= 8) {
      nbits -= 8;
      bytes.push((buf >>> nbits) & 0xff);
    }
    buf &= (1 << nbits) - 1;
  };
  if (n === 0) return new Uint8Array(0);
  let last = wrap(values[0] as number, bytepix);
  for (let i = bytepix - 1; i >= 0; i--) bytes.push((last >>> (8 * i)) & 0xff);

  const mapped = new Uint32Array(blockSize);
  for (let start = 0; start < n; start += blockSize) {
    const stop = Math.min(start + blockSize, n);
    let sum = 0;
    for (let i = start; i < stop; i++) {
      const v = wrap(values[i] as number, bytepix);
      const d = signedDifference(v - last, bytepix);
      const m = (d < 0 ? ~(d << 1) : d << 1) >>> 0;
      mapped[i - start] = bytepix === 4 ? m : m & ((1 << (8 * bytepix)) - 1);
      sum += mapped[i - start] as number;
      last = v;
    }
    const size = stop - start;
    if (sum === 0) {
      write(0, fsBits);
      continue;
    }
    // Split near log2 of the mean mapped difference, which keeps unary parts short.
    let half = Math.floor(Math.max(0, (sum - size / 2 - 1) / size) / 2);
    let fs = 0;
    while (half >= 1) {
      half = Math.floor(half / 2);
      fs++;
    }
    if (fs >= fsMax) {
      write(fsMax + 1, fsBits);
      for (let i = 0; i < size; i++) {
        const m = mapped[i] as number;
        if (rawBits === 32) {
          write(m >>> 16, 16);
          write(m & 0xffff, 16);
        } else write(m, rawBits);
      }
      continue;
    }
    write(fs + 1, fsBits);
    for (let i = 0; i < size; i++) {
      const m = mapped[i] as number;
      let top = Math.floor(m / 2 ** fs);
      while (top >= 16) {
        write(0, 16);
        top -= 16;
      }
      write(1, top + 1);
      if (fs > 16) {
        write(Math.floor((m % 2 ** fs) / 65536), fs - 16);
        write(m & 0xffff, 16);
      } else if (fs > 0) write(m & ((1 << fs) - 1), fs);
    }
  }
  if (nbits > 0) bytes.push((buf << (8 - nbits)) & 0xff);
  return Uint8Array.from(bytes);
}

/** A difference wrapped to the pixel width as a signed value, so zig-zag mapping stays in range. */
function signedDifference(value: number, bytepix: RiceBytepix): number {
  if (bytepix === 1) return (value << 24) >> 24;
  if (bytepix === 2) return (value << 16) >> 16;
  return value | 0;
}

function corrupt(message: string): AstroError {
  return new AstroError(ErrorCode.FITS_BAD_HEADER, `corrupt RICE_1 tile: ${message}`);
}
