import { describe, expect, it } from 'vitest';
import { parseCard } from './card.js';
import { formatCard } from './format-card.js';

const card = (text: string) => parseCard(text.padEnd(80), 3);

describe('parseCard', () => {
  it('reads a string with a slash inside and a comment after it', () => {
    const { card: c, issues } = card("OBJCTRA = '05 35/17.3'         / [H M S] RA / of target");
    expect(c).toMatchObject({
      kind: 'value',
      keyword: 'OBJCTRA',
      value: '05 35/17.3',
      comment: '[H M S] RA / of target',
      index: 3,
    });
    expect(issues).toEqual([]);
  });

  it("undoes '' escapes, keeps leading spaces and drops trailing ones", () => {
    expect(card("OBSERVER= 'O''Brien''s  '").card.value).toBe("O'Brien's");
    expect(card("NOTE    = '  indented'").card.value).toBe('  indented');
    expect(card("EMPTY   = ''").card.value).toBe('');
  });

  it('reads logicals, integers, big integers, D exponents, complex and undefined values', () => {
    expect(card('SIMPLE  =                    T').card.value).toBe(true);
    expect(card('FLIPPED =                    F / no').card.value).toBe(false);
    expect(card('GAIN    =                  -120').card.value).toBe(-120);
    expect(card('BIG     = 123456789012345678901').card.value).toBe(123456789012345678901n);
    expect(card('SAFE    =      9007199254740991').card.value).toBe(9007199254740991);
    expect(card('DVAL    =        1.5D-3').card.value).toBe(0.0015);
    expect(card('EVAL    =        -2.5E+10 / x').card.value).toBe(-2.5e10);
    expect(card('POINT   =                   .5').card.value).toBe(0.5);
    expect(card('CPLX    = (1.5, -2)').card.value).toEqual({ re: 1.5, im: -2 });
    expect(card('UNDEF   =                      / nothing here').card).toMatchObject({
      kind: 'value',
      value: null,
      comment: 'nothing here',
    });
  });

  it('reads HIERARCH keywords the ESO way', () => {
    const { card: c } = card("HIERARCH ESO DET  CHIPS = 'two words' / count");
    expect(c).toMatchObject({
      kind: 'value',
      keyword: 'ESO DET CHIPS',
      value: 'two words',
      comment: 'count',
    });
  });

  it('keeps COMMENT, HISTORY, blank and value-less cards as commentary text', () => {
    expect(card("COMMENT   it's a = sign / not a value").card).toMatchObject({
      kind: 'commentary',
      keyword: 'COMMENT',
      value: undefined,
      comment: "  it's a = sign / not a value",
    });
    expect(card('HISTORY calibrated').card).toMatchObject({
      kind: 'commentary',
      comment: 'calibrated',
    });
    expect(card('        free text').card).toMatchObject({
      kind: 'blank',
      keyword: '',
      comment: 'free text',
    });
    expect(card("DATE    'no indicator'").card).toMatchObject({
      kind: 'commentary',
      keyword: 'DATE',
      value: undefined,
    });
    expect(card('END').card.kind).toBe('end');
  });

  it.each([
    ["BADSTR  = 'never closed", 'FITS_BAD_CARD'],
    ['BADNUM  =  12.5.3 / two points', 'FITS_BAD_CARD'],
    ['BADWORD =  maybe', 'FITS_BAD_CARD'],
    ['BADCPLX = (1, )', 'FITS_BAD_CARD'],
  ])('marks %s malformed but keeps it', (text, code) => {
    const { card: c, issues } = card(text);
    expect(c.kind).toBe('malformed');
    expect(c.raw).toBe(text.padEnd(80));
    expect(c.value).toBeUndefined();
    expect(issues.map((i) => i.code)).toEqual([code]);
  });

  it('warns about bad keyword characters and non-ASCII bytes without dropping the card', () => {
    const lower = card('exptime =                  300');
    expect(lower.card).toMatchObject({ kind: 'value', keyword: 'EXPTIME', value: 300 });
    expect(lower.issues.map((i) => i.code)).toEqual(['FITS_BAD_KEYWORD']);
    const accent = card("OBSERVER= 'Jos\u00e9'");
    expect(accent.card.value).toBe('Jos\u00e9');
    expect(accent.issues.map((i) => i.code)).toEqual(['FITS_NON_ASCII']);
  });

  it('warns about text after a string that is not a comment', () => {
    const { card: c, issues } = card("FILTER  = 'Ha' junk");
    expect(c).toMatchObject({ kind: 'value', value: 'Ha', comment: 'junk' });
    expect(issues[0]?.code).toBe('FITS_BAD_CARD');
  });
});

describe('formatCard', () => {
  it('writes fixed-format values right-justified to column 30', () => {
    const [line] = formatCard('EXPTIME', 300, 'seconds');
    expect(line).toHaveLength(80);
    expect(line?.slice(0, 30)).toBe('EXPTIME =                  300');
    expect(formatCard('SIMPLE', true)[0]?.slice(29, 30)).toBe('T');
    expect(formatCard('CCD-TEMP', -10.25)[0]?.slice(10, 30).trim()).toBe('-10.25');
    expect(formatCard('TINY', 1e-7)[0]?.slice(10, 30).trim()).toBe('1.0E-7');
  });

  it.each([
    ['STR', "it's / fine"],
    ['NUM', 0.1 + 0.2],
    ['INT', -42],
    ['BIG', 123456789012345678901n],
    ['BOOL', false],
    ['CPLX', { re: 1.25, im: -3 }],
    ['UNDEF', null],
  ] as const)('round-trips %s through parseCard', (keyword, value) => {
    const lines = formatCard(keyword, value, 'a comment');
    const { card: c } = parseCard(lines[0] ?? '', 0);
    expect(c.value).toEqual(value);
    expect(c.comment).toBe('a comment');
  });

  it('splits long strings over CONTINUE cards without breaking quote escapes', () => {
    const text = "long 'quoted' value ".repeat(12);
    const lines = formatCard('NOTES', text, 'end');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(1).every((l) => l.startsWith("CONTINUE  '"))).toBe(true);
    for (const l of lines) expect(l).toHaveLength(80);
  });

  it('uses HIERARCH for long keywords and wraps commentary text', () => {
    expect(formatCard('ESO DET CHIPS', 2)[0]?.trimEnd()).toBe('HIERARCH ESO DET CHIPS = 2');
    const lines = formatCard('HISTORY', 'x'.repeat(100));
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith('HISTORY ' + 'x'.repeat(28))).toBe(true);
  });

  it('refuses values FITS cannot hold', () => {
    expect(() => formatCard('BAD', Number.NaN)).toThrow(/cannot store/);
  });
});
