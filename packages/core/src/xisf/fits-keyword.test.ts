import { describe, expect, it } from 'vitest';
import { formatFitsKeywordValue, parseFitsKeywordValue } from './fits-keyword.js';

describe('FITSKeyword values', () => {
  it.each([
    ["'Light Frame'", 'Light Frame'],
    ["'O''Neil  '", "O'Neil"],
    ["'  lead kept'", '  lead kept'],
    ["'a / b'", 'a / b'],
    ["''", ''],
    ['T', true],
    ['F', false],
    ['300', 300],
    ['300.', 300],
    ['-12.5', -12.5],
    ['1.5D2', 150],
    ['6.02E23', 6.02e23],
    ['', null],
    ['   ', null],
  ])('reads %s', (raw, expected) => {
    expect(parseFitsKeywordValue(raw)).toEqual({ value: expected });
  });

  it('keeps malformed values verbatim, with a problem', () => {
    expect(parseFitsKeywordValue("'unterminated")).toMatchObject({
      value: "'unterminated",
      problem: expect.any(String),
    });
    expect(parseFitsKeywordValue('M31')).toMatchObject({
      value: 'M31',
      problem: expect.stringContaining('M31'),
    });
    expect(parseFitsKeywordValue("'x' junk")).toMatchObject({
      value: 'x',
      problem: expect.stringContaining('junk'),
    });
  });

  it('formats values that read back the same', () => {
    for (const value of ["it's", 'a / b', '', true, false, 0, -3, 1.25, 6.02e23, null]) {
      expect(parseFitsKeywordValue(formatFitsKeywordValue(value)).value).toEqual(value);
    }
    expect(formatFitsKeywordValue("it's")).toBe("'it''s'");
    expect(() => formatFitsKeywordValue(NaN)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
