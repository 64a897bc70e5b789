import { describe, expect, it } from 'vitest';
import {
  sanitizePathSegment,
  sanitizeRelativePath,
  utf8ByteLength,
  type PathConvention,
} from './sanitize-path-segment.js';

const ALL: PathConvention[] = ['windows', 'macos', 'linux', 'portable'];
// eslint-disable-next-line no-control-regex -- the test is that control characters are gone
const WINDOWS_BAD = /[<>:"/\\|?*\u0000-\u001f]/;

describe('sanitizePathSegment', () => {
  it('never leaves a separator, whatever the convention', () => {
    for (const convention of ALL) {
      const out = sanitizePathSegment('NGC 7000 / North America', { convention });
      expect(out).toBe('NGC 7000 _ North America');
    }
    expect(sanitizePathSegment('a\\b', { convention: 'windows' })).toBe('a_b');
    expect(sanitizePathSegment('a\\b', { convention: 'linux' })).toBe('a\\b');
  });

  it('turns . and .. into a harmless name on every convention', () => {
    for (const convention of ALL) {
      expect(sanitizePathSegment('..', { convention })).toBe('_');
      expect(sanitizePathSegment('.', { convention })).toBe('_');
      expect(sanitizePathSegment('', { convention })).toBe('_');
    }
  });

  it('replaces characters Windows forbids, and only : on macOS', () => {
    const name = 'M31: a*b?c"d<e>f|g';
    expect(sanitizePathSegment(name, { convention: 'windows' })).toBe('M31_ a_b_c_d_e_f_g');
    expect(sanitizePathSegment(name, { convention: 'portable' })).toBe('M31_ a_b_c_d_e_f_g');
    expect(sanitizePathSegment(name, { convention: 'macos' })).toBe('M31_ a*b?c"d<e>f|g');
    expect(sanitizePathSegment(name, { convention: 'linux' })).toBe(name);
  });

  it('removes control characters everywhere', () => {
    for (const convention of ALL) {
      expect(sanitizePathSegment('a\u0000b\tc\u007f', { convention })).toBe('a_b_c_');
    }
  });

  it('strips trailing dots and spaces under Windows rules only', () => {
    expect(sanitizePathSegment('Pelican...', { convention: 'windows' })).toBe('Pelican');
    expect(sanitizePathSegment('Pelican. . ', { convention: 'portable' })).toBe('Pelican');
    expect(sanitizePathSegment('Pelican...', { convention: 'linux' })).toBe('Pelican...');
    expect(sanitizePathSegment('...', { convention: 'windows' })).toBe('_');
  });

  it('escapes reserved device names with any extension, case-insensitively', () => {
    const cases: [string, string][] = [
      ['CON', 'CON_'],
      ['con.fits', 'con_.fits'],
      ['Aux.tar.gz', 'Aux_.tar.gz'],
      ['NUL', 'NUL_'],
      ['COM1', 'COM1_'],
      ['lpt9.txt', 'lpt9_.txt'],
    ];
    for (const [input, expected] of cases) {
      expect(sanitizePathSegment(input, { convention: 'windows' })).toBe(expected);
      expect(sanitizePathSegment(input, { convention: 'portable' })).toBe(expected);
      expect(sanitizePathSegment(input, { convention: 'linux' })).toBe(input);
    }
    expect(sanitizePathSegment('CONSOLE', { convention: 'windows' })).toBe('CONSOLE');
    expect(sanitizePathSegment('COM10', { convention: 'windows' })).toBe('COM10');
  });

  it('normalizes to NFC so macOS and Linux agree on the bytes', () => {
    const decomposed = 'Ce\u0301phe\u0301e'; // é as e + combining acute
    const out = sanitizePathSegment(decomposed, { convention: 'macos' });
    expect(out).toBe('C\u00e9ph\u00e9e');
    expect(sanitizePathSegment(decomposed, { convention: 'linux' })).toBe(out);
    expect(sanitizePathSegment('Ørsted Ω Centauri', { convention: 'windows' })).toBe(
      'Ørsted Ω Centauri',
    );
  });

  it('limits length in UTF-8 bytes without splitting a character, keeping the extension', () => {
    const long = `${'é'.repeat(200)}.fits`; // 405 bytes
    const out = sanitizePathSegment(long, { keepExtension: true });
    expect(utf8ByteLength(out)).toBeLessThanOrEqual(255);
    expect(out.endsWith('.fits')).toBe(true);
    expect(out).toBe(`${'é'.repeat(125)}.fits`);
    expect(
      utf8ByteLength(sanitizePathSegment('ab€'.repeat(50), { maxBytes: 10 })),
    ).toBeLessThanOrEqual(10);
  });

  it('produces names legal on Windows for a hostile set of targets', () => {
    const hostile = [
      '../../etc/passwd',
      'NGC 7000 / North America',
      'C:\\Windows',
      'M 42: Orion*',
      'Sh2-101 . ',
      'PRN',
      '\u0000',
    ];
    for (const name of hostile) {
      const out = sanitizePathSegment(name, { convention: 'windows' });
      expect(out).not.toMatch(WINDOWS_BAD);
      expect(out).not.toMatch(/[. ]$/);
      expect(out).not.toBe('..');
    }
  });
});

describe('sanitizeRelativePath', () => {
  it('sanitizes each level and cannot climb out', () => {
    expect(sanitizeRelativePath('M31/../../etc/passwd')).toBe('M31/_/_/etc/passwd');
    expect(sanitizeRelativePath('/abs//x')).toBe('abs/x');
  });
});
