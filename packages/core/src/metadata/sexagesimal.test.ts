import { describe, expect, it } from 'vitest';
import { parseSexagesimal } from './sexagesimal.js';

describe('parseSexagesimal', () => {
  it('reads hours with spaces, colons and unit letters as degrees', () => {
    expect(parseSexagesimal('05 35 17.3', 'hours')).toBeCloseTo(
      (5 + 35 / 60 + 17.3 / 3600) * 15,
      9,
    );
    expect(parseSexagesimal('05:35:17.3', 'hours')).toBeCloseTo(83.822083, 5);
    expect(parseSexagesimal('12h30m45s', 'hours')).toBeCloseTo(187.6875, 9);
  });

  it('reads signed degrees, with the sign taken from the text', () => {
    expect(parseSexagesimal('+22 00 52', 'degrees')).toBeCloseTo(22.014444, 5);
    expect(parseSexagesimal('-05:23:28', 'degrees')).toBeCloseTo(-5.391111, 5);
    // A negative zero degrees field must stay negative.
    expect(parseSexagesimal('-00 30 00', 'degrees')).toBeCloseTo(-0.5, 12);
    expect(parseSexagesimal('\u221201 00 00', 'degrees')).toBe(-1);
    expect(parseSexagesimal(`-31°16'24"`, 'degrees')).toBeCloseTo(-31.273333, 5);
  });

  it('accepts fewer fields, single-digit fields and plain decimals', () => {
    expect(parseSexagesimal('51 3 0.000', 'degrees')).toBeCloseTo(51.05, 12);
    expect(parseSexagesimal('10 30', 'degrees')).toBe(10.5);
    expect(parseSexagesimal('83.82', 'degrees')).toBe(83.82);
    expect(parseSexagesimal('  +149 03 52  ', 'degrees')).toBeCloseTo(149.064444, 5);
  });

  it('rejects garbage and out-of-range fields with null', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      '12 60 00',
      '12 30 60',
      '1e5',
      '5-3',
      '12 30 15 10',
      '12.5 30',
      '--5',
    ]) {
      expect(parseSexagesimal(bad, 'degrees'), bad).toBeNull();
    }
    expect(parseSexagesimal('25 00 00', 'hours')).toBeNull();
    expect(parseSexagesimal('-01 00 00', 'hours')).toBeNull();
    expect(parseSexagesimal('361', 'degrees')).toBeNull();
  });
});
