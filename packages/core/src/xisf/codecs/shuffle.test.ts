import { describe, expect, it } from 'vitest';
import { shuffleBytes, unshuffleBytes } from './shuffle.js';

describe('byte shuffling', () => {
  it('groups bytes of equal significance, as the spec describes', () => {
    // Three 2-byte items (little-endian 0x0201, 0x0403, 0x0605) plus a trailing odd byte.
    const input = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(shuffleBytes(input, 2))).toEqual([1, 3, 5, 2, 4, 6, 7]);
  });

  it('is reversed exactly by unshuffling for every item size, remainder included', () => {
    const input = Uint8Array.from({ length: 1003 }, (_, i) => (i * 7919) & 0xff);
    for (const itemSize of [1, 2, 3, 4, 8, 16]) {
      const shuffled = shuffleBytes(input, itemSize);
      if (itemSize > 1) expect(shuffled).not.toEqual(input);
      expect(unshuffleBytes(shuffled, itemSize)).toEqual(input);
    }
  });

  it('handles empty input', () => {
    expect(unshuffleBytes(shuffleBytes(new Uint8Array(0), 4), 4).length).toBe(0);
  });
});
