import { describe, expect, it } from 'vitest';
import { formatCard } from './format-card.js';
import { parseHeader } from './parse-header.js';

const text = (...cards: string[]) => cards.map((c) => c.padEnd(80)).join('');

describe('parseHeader', () => {
  it('joins CONTINUE chains into one card with all raws and comments', () => {
    const value = 'a'.repeat(100) + 'b'.repeat(30);
    const lines = formatCard('LONG', value, 'tail');
    const { header, diagnostics } = parseHeader(
      text(...lines, 'NEXT    =                    1', 'END'),
      0,
    );
    expect(diagnostics).toEqual([]);
    const long = header.get('LONG');
    expect(long?.value).toBe(value);
    expect(long?.comment).toBe('tail');
    expect(long?.raw).toBe(lines.join(''));
    expect(header.getInt('NEXT')).toBe(1);
    expect(header.get('NEXT')?.index).toBe(lines.length);
  });

  it('keeps a lone & and reports an orphan CONTINUE', () => {
    const { header, diagnostics } = parseHeader(
      text("AMP     = 'R&'", "PLAIN   = 'R'", "CONTINUE  'orphan'", 'END'),
      2,
    );
    expect(header.getString('AMP')).toBe('R&');
    expect(header.getString('PLAIN')).toBe('R');
    expect(header.cards[2]).toMatchObject({ keyword: 'CONTINUE', kind: 'commentary' });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'FITS_BAD_CARD', hdu: 2, card: 2 }),
    ]);
  });

  it('offers typed lookups, getAll, and metadata cards', () => {
    const { header } = parseHeader(
      text(
        "IMAGETYP= 'LIGHT'",
        'EXPTIME =                120.5',
        'GAIN    =                  100',
        'COMMENT one',
        'COMMENT two',
        'BIG     = 123456789012345678901',
        'HIERARCH ESO TEL AIRM = 1.2',
        '',
        'END',
      ),
      0,
    );
    expect(header.getString('imagetyp')).toBe('LIGHT');
    expect(header.getNumber('EXPTIME')).toBe(120.5);
    expect(header.getInt('EXPTIME')).toBeUndefined();
    expect(header.getInt('GAIN')).toBe(100);
    expect(header.getBoolean('GAIN')).toBeUndefined();
    expect(header.getNumber('HIERARCH ESO TEL AIRM')).toBe(1.2);
    expect(header.getAll('COMMENT').map((c) => c.comment)).toEqual(['one', 'two']);
    expect(header.has('MISSING')).toBe(false);
    expect(header.toHeaderCards()).toEqual([
      { keyword: 'IMAGETYP', value: 'LIGHT' },
      { keyword: 'EXPTIME', value: 120.5 },
      { keyword: 'GAIN', value: 100 },
      { keyword: 'COMMENT', value: null, comment: 'one' },
      { keyword: 'COMMENT', value: null, comment: 'two' },
      { keyword: 'BIG', value: '123456789012345678901' },
      { keyword: 'ESO TEL AIRM', value: 1.2 },
    ]);
  });
});
