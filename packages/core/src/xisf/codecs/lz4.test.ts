import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasCommand, requirePeer } from '../../../../../test-support/external-tools.js';
import { isAstroError } from '../../errors/index.js';
import { lz4CompressBlock, lz4DecompressBlock } from './lz4.js';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sample inputs: empty, tiny, incompressible, runs, long repeats and 16-bit star-field-like data. */
function samples(): Record<string, Uint8Array> {
  const rand = mulberry32(42);
  const noise = Uint8Array.from({ length: 70_000 }, () => Math.floor(rand() * 256));
  const pixels = new Uint16Array(100_000);
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = 1000 + Math.floor(rand() * 40) + (i % 997 === 0 ? 30_000 : 0);
  const text = new TextEncoder().encode('abcabcabcabd'.repeat(5000));
  return {
    empty: new Uint8Array(0),
    tiny: new Uint8Array([1, 2, 3, 4, 5]),
    thirteen: Uint8Array.from({ length: 13 }, () => 7),
    noise,
    zeros: new Uint8Array(300_000),
    text,
    pixels: new Uint8Array(pixels.buffer),
  };
}

/** Byte equality without vitest's slow element-wise diff of large arrays. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

const lz4Available = requirePeer('lz4', hasCommand('lz4', ['-V']));

describe('LZ4 block codec', () => {
  it.each(Object.entries(samples()))('round-trips %s', (_name, input) => {
    const packed = lz4CompressBlock(input);
    expectSameBytes(lz4DecompressBlock(packed, input.length), input);
  });

  it('compresses redundant data', () => {
    const { zeros, text } = samples();
    expect(lz4CompressBlock(zeros!).length).toBeLessThan(zeros!.length / 100);
    expect(lz4CompressBlock(text!).length).toBeLessThan(text!.length / 20);
  });

  it('decodes a hand-made block with an overlapping match', () => {
    // Token 0x15: 1 literal 'a', match length 5+4=9 at offset 1, then a final literal 'b'.
    const block = new Uint8Array([0x15, 0x61, 0x01, 0x00, 0x10, 0x62]);
    expect(new TextDecoder().decode(lz4DecompressBlock(block, 11))).toBe('aaaaaaaaaab');
  });

  it.each([
    ['zero offset', [0x10, 0x61, 0x00, 0x00]],
    ['offset before the start', [0x10, 0x61, 0x05, 0x00]],
    ['literals past the end', [0x50, 0x61]],
    ['missing offset byte', [0x10, 0x61, 0x01]],
    ['unfinished literal length', [0xf0, 0xff]],
  ])('rejects a corrupt block (%s) with CORRUPT_DATA', (_name, bytes) => {
    expect(() => lz4DecompressBlock(new Uint8Array(bytes), 64)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_DATA' }),
    );
  });

  it('rejects a block that decodes to the wrong size', () => {
    const packed = lz4CompressBlock(new Uint8Array(100));
    let caught: unknown;
    try {
      lz4DecompressBlock(packed, 99);
    } catch (error) {
      caught = error;
    }
    expect(isAstroError(caught, 'CORRUPT_DATA')).toBe(true);
    expect(() => lz4DecompressBlock(packed, 101)).toThrow(/expected 101/);
  });

  // The legacy LZ4 frame is a magic number followed by (uint32 size, raw block) pairs.
  const legacyMagic = [0x02, 0x21, 0x4c, 0x18];

  it.skipIf(!lz4Available)('writes blocks the reference lz4 tool decodes', () => {
    for (const input of Object.values(samples())) {
      if (input.length === 0) continue;
      const block = lz4CompressBlock(input);
      const frame = new Uint8Array(8 + block.length);
      frame.set(legacyMagic);
      new DataView(frame.buffer).setUint32(4, block.length, true);
      frame.set(block, 8);
      const decoded = execFileSync('lz4', ['-d', '-q', '-c'], { input: frame });
      expectSameBytes(new Uint8Array(decoded), input);
    }
  });

  it.skipIf(!lz4Available)('reads blocks from the reference lz4 and lz4hc encoders', () => {
    for (const level of ['-1', '-9']) {
      for (const input of Object.values(samples())) {
        if (input.length === 0) continue;
        const frame = new Uint8Array(execFileSync('lz4', ['-l', level, '-q', '-c'], { input }));
        const size = new DataView(frame.buffer, frame.byteOffset).getUint32(4, true);
        expectSameBytes(lz4DecompressBlock(frame.subarray(8, 8 + size), input.length), input);
      }
    }
  });
});
