import { describe, expect, it } from 'vitest';
import { gunzipTile, gzipTile, shuffle, unshuffle } from './gzip.js';

describe('GZIP tiles', () => {
  it('shuffles bytes by significance and back', () => {
    const bytes = Uint8Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(shuffle(bytes, 2))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(Array.from(unshuffle(shuffle(bytes, 3), 3))).toEqual(Array.from(bytes));
  });

  it('round-trips GZIP_1 and GZIP_2 tiles', () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 251);
    expect(Array.from(gunzipTile(gzipTile(bytes)))).toEqual(Array.from(bytes));
    expect(Array.from(unshuffle(gunzipTile(gzipTile(bytes, 4)), 4))).toEqual(Array.from(bytes));
  });

  it('reports corrupt data as an AstroError', () => {
    expect(() => gunzipTile(Uint8Array.of(1, 2, 3))).toThrow(/corrupt GZIP/);
  });
});
