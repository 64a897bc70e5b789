import { describe, expect, it } from 'vitest';
import { safeFileName, uniqueFileNames } from './file-names.js';

describe('safeFileName', () => {
  it.each([
    ['M 31: "Andromeda" / Panel A', 'M 31 - Andromeda - Panel A'],
    ['NGC 7000 | North America', 'NGC 7000 - North America'],
    ['a\\b?c*d<e>f', 'a - b - c - d - e - f'],
    ['[[link]] #tag ^block', 'link - tag - block'],
    ['  ..hidden. ', 'hidden'],
    ['CON', 'CON_'],
    ['lpt1.txt', 'lpt1.txt_'],
    ['tab\there\u0000nul', 'tab here nul'],
    ['', 'untitled'],
    ['///', 'untitled'],
    ['Esprit 100@f5.5+ASI2600MM', 'Esprit 100@f5.5+ASI2600MM'],
  ])('%j -> %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('limits names to 120 UTF-8 bytes without splitting a character', () => {
    const name = safeFileName('ä'.repeat(200));
    expect(new TextEncoder().encode(name).byteLength).toBeLessThanOrEqual(120);
    expect(name).toBe('ä'.repeat(60));
  });

  it('never yields a name with a forbidden character', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const s = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () =>
        String.fromCharCode(Math.floor(rnd() * 128)),
      ).join('');
      const name = safeFileName(s);
      expect(name).not.toMatch(/[<>:"/\\|?*#^[\]]|\p{Cc}|^[.\s]|[.\s]$/u);
      expect(name.length).toBeGreaterThan(0);
    }
  });
});

describe('uniqueFileNames', () => {
  it('makes names unique case-insensitively and deterministically', () => {
    const names = uniqueFileNames([
      ['a', 'M31'],
      ['b', 'm31'],
      ['c', 'M31?'],
      ['d', 'M 33'],
    ]);
    expect([...names.values()]).toEqual([
      'M31',
      'm31 (2)',
      'M31 - (3)'.replace(' - ', ' '),
      'M 33',
    ]);
  });
});
