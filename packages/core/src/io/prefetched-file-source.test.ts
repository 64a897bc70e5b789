import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD_BYTES, prefetchedFileSource, readFileHead } from './prefetched-file-source.js';

function fileOf(bytes: Uint8Array): { path: string; sizeBytes: number; mtimeMs: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'astrocat-head-')), 'frame.fits');
  writeFileSync(path, bytes);
  const stat = statSync(path);
  return { path, sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

const pattern = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7) % 251);

describe('prefetched file source', () => {
  it('serves reads inside the head from memory and opens the file for the rest', async () => {
    const bytes = pattern(3 * HEAD_BYTES);
    const file = fileOf(bytes);
    const head = readFileHead(file.path, new Uint8Array(HEAD_BYTES));
    expect(head).toEqual(bytes.subarray(0, HEAD_BYTES));
    const source = prefetchedFileSource(file.path, head, file);
    expect(source.size).toBe(bytes.length);
    expect(await source.read(100, 50)).toEqual(bytes.subarray(100, 150));
    expect(await source.read(HEAD_BYTES - 10, 2 * HEAD_BYTES)).toEqual(
      bytes.subarray(HEAD_BYTES - 10, 3 * HEAD_BYTES - 10),
    );
    expect(await source.read(3 * HEAD_BYTES - 5, 100)).toEqual(bytes.subarray(3 * HEAD_BYTES - 5));
    await source.close();
  });

  it('fills only what a short file has', () => {
    const file = fileOf(pattern(1000));
    expect(readFileHead(file.path, new Uint8Array(HEAD_BYTES)).byteLength).toBe(1000);
  });

  it('refuses to read past the head of a file replaced since its head was read', async () => {
    const file = fileOf(pattern(2 * HEAD_BYTES));
    const head = readFileHead(file.path, new Uint8Array(HEAD_BYTES));
    // Another program rewrites the frame between the two reads: same size, new time.
    writeFileSync(file.path, pattern(2 * HEAD_BYTES).reverse());
    utimesSync(file.path, new Date(), new Date(file.mtimeMs + 5000));
    const source = prefetchedFileSource(file.path, head, file);
    await expect(source.read(HEAD_BYTES, 10)).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: `${file.path} changed while its header was read`,
    });
    await source.close();
  });

  it('reports a file that cannot be opened as IO_ERROR with its path', () => {
    expect(() => readFileHead('/nowhere/frame.fits', new Uint8Array(16))).toThrow(
      expect.objectContaining({ code: 'IO_ERROR', details: { path: '/nowhere/frame.fits' } }),
    );
  });
});
