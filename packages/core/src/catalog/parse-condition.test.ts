import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { parseCondition, parseRange } from './parse-condition.js';

describe('parseCondition', () => {
  it('reads typed numeric, boolean and string values with every operator', () => {
    expect(parseCondition('AIRMASS>1.5')).toEqual({ name: 'AIRMASS', op: '>', value: 1.5 });
    expect(parseCondition('CCD-TEMP<=-9.5')).toEqual({ name: 'CCD-TEMP', op: '<=', value: -9.5 });
    expect(parseCondition('FILTER=Ha')).toEqual({ name: 'FILTER', op: '=', value: 'Ha' });
    expect(parseCondition('site != backyard')).toEqual({
      name: 'site',
      op: '!=',
      value: 'backyard',
    });
    expect(parseCondition('FLIPPED=true')).toEqual({ name: 'FLIPPED', op: '=', value: true });
    expect(parseCondition('OBJECT~M3%')).toEqual({ name: 'OBJECT', op: 'like', value: 'M3%' });
  });

  it('keeps quoted values as strings', () => {
    expect(parseCondition("GAIN='100'")).toEqual({ name: 'GAIN', op: '=', value: '100' });
    expect(parseCondition('OBJECT="M33 Panel A"')).toEqual({
      name: 'OBJECT',
      op: '=',
      value: 'M33 Panel A',
    });
  });

  it('rejects text without an operator with a clear error', () => {
    try {
      parseCondition('AIRMASS');
      expect.unreachable();
    } catch (error) {
      expect(isAstroError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toContain('NAME=VALUE');
    }
  });
});

describe('parseRange', () => {
  it('reads exact values and open or closed ranges', () => {
    expect(parseRange('300')).toEqual({ min: 300, max: 300 });
    expect(parseRange('60..300')).toEqual({ min: 60, max: 300 });
    expect(parseRange('..120')).toEqual({ max: 120 });
    expect(parseRange('300..')).toEqual({ min: 300 });
  });

  it('rejects garbage', () => {
    expect(() => parseRange('abc')).toThrow(/not a number/);
    expect(() => parseRange('1..2..3')).toThrow(/range/);
  });
});
