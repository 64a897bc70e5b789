import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasCommand, requirePeer } from '../../../../../test-support/external-tools.js';
import { zstdCompress, zstdDecompress, zstdStoredFrame } from './zstd.js';

const zstdAvailable = requirePeer('zstd', hasCommand('zstd', ['-V']));

function inputs(): Uint8Array[] {
  const mixed = Uint8Array.from({ length: 300_000 }, (_, i) => (i < 140_000 ? (i * 31) & 0xff : 9));
  return [new Uint8Array(0), new Uint8Array([42]), mixed, new Uint8Array(131_072 * 2 + 5)];
}

describe('zstd codec', () => {
  it('round-trips through our encoder and fzstd', () => {
    for (const input of inputs()) {
      const frame = zstdCompress(input);
      expect(Buffer.compare(zstdDecompress(frame, input.length), input)).toBe(0);
    }
  });

  it('stores runs as RLE blocks, so all-equal data shrinks even without a real encoder', () => {
    expect(zstdStoredFrame(new Uint8Array(131_072 * 4)).length).toBeLessThan(40);
  });

  it('rejects a corrupt stream and a wrong size with CORRUPT_DATA', () => {
    const frame = zstdStoredFrame(new Uint8Array(1000).fill(3).map((v, i) => v + (i % 5)));
    expect(() => zstdDecompress(frame.subarray(0, frame.length - 10), 1000)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_DATA' }),
    );
    expect(() => zstdDecompress(new Uint8Array([1, 2, 3, 4, 5, 6]), 10)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_DATA' }),
    );
  });

  it.skipIf(!zstdAvailable)('writes frames the reference zstd tool decodes', () => {
    for (const input of inputs()) {
      const decoded = execFileSync('zstd', ['-d', '-q', '-c'], { input: zstdStoredFrame(input) });
      expect(Buffer.compare(decoded, input)).toBe(0);
    }
  });

  it.skipIf(!zstdAvailable)('reads frames from the reference zstd encoder', () => {
    for (const input of inputs()) {
      const frame = new Uint8Array(execFileSync('zstd', ['-q', '-c'], { input }));
      expect(Buffer.compare(zstdDecompress(frame, input.length), input)).toBe(0);
    }
  });
});
