import { afterEach, describe, expect, it, vi } from 'vitest';
import { latin1 } from './header-block-reader.js';

const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
const expected = Array.from(everyByte, (b) => String.fromCharCode(b)).join('');

describe('latin1', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('maps every byte to the character of the same code (Node Buffer)', () => {
    expect(latin1(everyByte.subarray(1, 255))).toBe(expected.slice(1, 255));
    expect(latin1(everyByte)).toBe(expected);
  });

  it('does the same where there is no Buffer (TextDecoder, exact fallback above 0x7f)', () => {
    vi.stubGlobal('Buffer', undefined);
    expect(latin1(everyByte.subarray(32, 127))).toBe(expected.slice(32, 127));
    // windows-1252 would turn 0x80 into '€': the fallback must not.
    expect(latin1(everyByte)).toBe(expected);
  });
});
