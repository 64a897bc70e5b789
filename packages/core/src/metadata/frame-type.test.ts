import { describe, expect, it } from 'vitest';
import { parseFrameType, parsePathFrameType } from './frame-type.js';

describe('parseFrameType', () => {
  it.each([
    ['LIGHT', 'LIGHT'],
    ['Light Frame', 'LIGHT'],
    ['Light', 'LIGHT'],
    ['light   ', 'LIGHT'],
    ['SNAPSHOT', 'LIGHT'],
    ['Dark Frame', 'DARK'],
    ['DARK', 'DARK'],
    ['Flat Field', 'FLAT'],
    ['Flat Frame', 'FLAT'],
    ['Bias Frame', 'BIAS'],
    ['bias', 'BIAS'],
    ['DARKFLAT', 'DARKFLAT'],
    ['FLATDARK', 'DARKFLAT'],
    ['Dark Flat', 'DARKFLAT'],
    ['Flat Dark', 'DARKFLAT'],
    ['flat_dark', 'DARKFLAT'],
    ['MASTER DARK', 'MASTER DARK'],
    ['Master Dark', 'MASTER DARK'],
    ['Master Flat', 'MASTER FLAT'],
    ['MasterBias', 'MASTER BIAS'],
    ['MasterDark', 'MASTER DARK'],
    ['Master Dark Flat', 'MASTER DARKFLAT'],
    ['Master Light', 'UNKNOWN'],
  ] as const)('%s -> %s', (input, expected) => {
    expect(parseFrameType(input)).toBe(expected);
  });

  it('returns null for values it does not recognise', () => {
    for (const value of [null, undefined, '', 'Tricolor Image', 'DARKNESS', 'Lights out']) {
      expect(parseFrameType(value)).toBeNull();
    }
  });

  it('accepts only plain type words as folder names', () => {
    expect(parsePathFrameType('LIGHT')).toBe('LIGHT');
    expect(parsePathFrameType('Darks')).toBe('DARK');
    expect(parsePathFrameType('DARKFLAT')).toBe('DARKFLAT');
    expect(parsePathFrameType('Object')).toBeNull();
    expect(parsePathFrameType('Dark Shark Nebula')).toBeNull();
    expect(parsePathFrameType('Master Light')).toBeNull();
  });
});
