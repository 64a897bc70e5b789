import type { XisfSampleFormat } from './types.js';

export type XisfPixelArray =
  Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

export const XISF_SAMPLE_FORMATS: readonly XisfSampleFormat[] = [
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float32',
  'Float64',
  'Complex32',
  'Complex64',
];

/** Bytes per stored sample; a complex sample is two floats (real, imaginary). */
export function bytesPerSample(format: XisfSampleFormat): number {
  switch (format) {
    case 'UInt8':
      return 1;
    case 'UInt16':
      return 2;
    case 'UInt32':
    case 'Float32':
      return 4;
    case 'UInt64':
    case 'Float64':
    case 'Complex32':
      return 8;
    case 'Complex64':
      return 16;
  }
}

/** Bytes of one scalar component: the byte-shuffling item and the byte-swapping unit. */
export function componentBytes(format: XisfSampleFormat): number {
  if (format === 'Complex32') return 4;
  if (format === 'Complex64') return 8;
  return bytesPerSample(format);
}

/** A typed array over little-endian sample bytes (copied, so it is aligned and owns its memory). */
export function toPixelArray(bytes: Uint8Array, format: XisfSampleFormat): XisfPixelArray {
  const copy = bytes.slice();
  const buffer = copy.buffer;
  switch (format) {
    case 'UInt8':
      return copy;
    case 'UInt16':
      return new Uint16Array(buffer);
    case 'UInt32':
      return new Uint32Array(buffer);
    case 'UInt64':
      return new BigUint64Array(buffer);
    case 'Float32':
    case 'Complex32':
      return new Float32Array(buffer);
    case 'Float64':
    case 'Complex64':
      return new Float64Array(buffer);
  }
}

/** Reverses the byte order of every `width`-byte word in place (big-endian blocks). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}
