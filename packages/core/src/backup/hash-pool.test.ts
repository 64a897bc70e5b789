import { describe, expect, it } from 'vitest';
import { hashBytes } from './hash-file.js';
import { hashBytesOffThread } from './hash-pool.js';
import { seededBytes } from './testing/make-library.js';

describe('hashBytesOffThread', () => {
  it('matches hashing on this thread, copying unless told to transfer', async () => {
    const input = Buffer.from(seededBytes(3 * 1024 * 1024, 42));
    const expected = hashBytes(input);
    const copied = await hashBytesOffThread(input);
    expect(copied.hashes).toEqual(expected);
    expect(input.byteLength).toBe(3 * 1024 * 1024);
    const shaOnly = await hashBytesOffThread(input, { md5: false });
    expect(shaOnly.hashes).toEqual({ ...expected, md5: '' });

    const own = new Uint8Array(input);
    const moved = await hashBytesOffThread(own, { transfer: true });
    expect(moved.hashes.sha256).toBe(expected.sha256);
    expect(own.byteLength).toBe(0);
    expect(Buffer.from(moved.bytes).equals(input)).toBe(true);
  });

  it('hashes many buffers concurrently without mixing results', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => seededBytes(300_000 + i, i + 1));
    const results = await Promise.all(inputs.map((b) => hashBytesOffThread(b)));
    expect(results.map((r) => r.hashes.sha256)).toEqual(inputs.map((b) => hashBytes(b).sha256));
  });
});
