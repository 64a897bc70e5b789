import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { parseCullRule, type CullFrame } from './cull-rules.js';
import { makeTestLight } from './make-test-frame.js';

function frame(overrides: Partial<CullFrame> = {}): CullFrame {
  return { ...makeTestLight('/lib/a.fits'), ...overrides };
}

function parseError(rule: string): string {
  try {
    parseCullRule(rule);
  } catch (error) {
    if (isAstroError(error, 'WORKFLOW_RULE_INVALID')) return error.message;
    throw error;
  }
  throw new Error(`'${rule}' parsed`);
}

describe('parseCullRule', () => {
  it('evaluates the reference pass-1 rule', () => {
    const rule = parseCullRule('hfr > 4.6 or rmsArcsec > 2');
    expect(rule.names).toEqual(['hfr', 'rmsArcsec']);
    expect(rule.test(frame({ hfrPx: 4.7, rmsArcsec: 0.5 }))).toBe(true);
    expect(rule.test(frame({ hfrPx: 2, rmsArcsec: 2.5 }))).toBe(true);
    expect(rule.test(frame({ hfrPx: 4.6, rmsArcsec: 2 }))).toBe(false);
  });

  it('honours precedence (and binds tighter than or), not, and parentheses', () => {
    const f = frame({ hfrPx: 5, starCount: 50, rmsArcsec: 1 });
    expect(parseCullRule('hfr > 9 and stars < 100 or rms < 2').test(f)).toBe(true);
    expect(parseCullRule('hfr > 9 and (stars < 100 or rms < 2)').test(f)).toBe(false);
    expect(parseCullRule('not hfr > 9 && !(stars >= 100)').test(f)).toBe(true);
    expect(parseCullRule('starCount < 100').test(f)).toBe(true);
  });

  it('reads header cards, including keywords with a dash, and compares strings case-insensitively', () => {
    const f = frame({
      rawHeader: [
        { keyword: 'AIRMASS', value: 2.3 },
        { keyword: 'CCD-TEMP', value: -9.5 },
        { keyword: 'PIERSIDE', value: 'East' },
      ],
    });
    expect(parseCullRule('header.AIRMASS > 2').test(f)).toBe(true);
    expect(parseCullRule('header.airmass > 2.5').test(f)).toBe(false);
    expect(parseCullRule('header["CCD-TEMP"] > -10').test(f)).toBe(true);
    expect(parseCullRule("header.PIERSIDE == 'EAST'").test(f)).toBe(true);
    expect(parseCullRule('filter = "ha"').test(f)).toBe(true);
  });

  it('never rejects on a metric that is not known', () => {
    const f = frame({ hfrPx: null });
    expect(parseCullRule('hfr > 4').test(f)).toBe(false);
    expect(parseCullRule('hfr < 4').test(f)).toBe(false);
    expect(parseCullRule('fwhm > 3').test(f)).toBe(false);
    expect(parseCullRule('fwhm > 3').test({ ...f, metrics: { fwhm: 3.5 } })).toBe(true);
    expect(parseCullRule('header.NOPE > 1').test(f)).toBe(false);
  });

  it('handles negative numbers and exponents', () => {
    expect(parseCullRule('temp < -5').test(frame({ sensorTempC: -10 }))).toBe(true);
    expect(parseCullRule('exposure >= 3e2').test(frame())).toBe(true);
  });

  it('explains bad rules with the column', () => {
    expect(parseError('hfr >')).toMatch(
      /expected a metric or a value, found 'end of rule' at column 6/,
    );
    expect(parseError('hrf > 4')).toMatch(/unknown metric 'hrf' at column 1/);
    expect(parseError('hfr > 4 or')).toMatch(/column 11/);
    expect(parseError('(hfr > 4')).toMatch(/expected '\)'/);
    expect(parseError('hfr > 4 ; rm -rf /')).toMatch(/unexpected character ';' at column 9/);
    expect(parseError('process.exit(1)')).toMatch(/unknown metric 'process'/);
    expect(parseError("filter == 'Ha")).toMatch(/unterminated string/);
    expect(parseError('   ')).toMatch(/empty/);
    expect(parseError('4.6')).toMatch(/expected a comparison/);
  });
});
