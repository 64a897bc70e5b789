import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { parseHeaderDateTime, parseTimeOfDayMs } from './header-date.js';
import { observingNight, zoneOffsetMinutes } from './observing-night.js';

const at = (iso: string) => Date.parse(iso);

describe('observingNight', () => {
  it('runs from local noon to local noon', () => {
    expect(observingNight('2024-10-05T21:14:03Z', 120)).toBe('2024-10-05');
    // 01:30 local the next morning still belongs to the evening before.
    expect(observingNight('2024-10-05T23:30:00Z', 120)).toBe('2024-10-05');
    expect(observingNight('2024-10-06T09:59:59.999Z', 120)).toBe('2024-10-05');
    expect(observingNight('2024-10-06T10:00:00Z', 120)).toBe('2024-10-06');
  });

  it('applies negative offsets and crosses month and year ends', () => {
    // 20:00 in New York (UTC-4) is 00:00 UTC the next day.
    expect(observingNight('2024-10-06T00:00:00Z', -240)).toBe('2024-10-05');
    expect(observingNight('2025-01-01T03:00:00', 60)).toBe('2024-12-31');
    expect(observingNight('2024-03-01T05:00:00.1234567Z', 0)).toBe('2024-02-29');
  });

  it('rejects a value that is not a date-time', () => {
    expect(() => observingNight('yesterday', 0)).toThrow();
    let caught: unknown;
    try {
      observingNight('2024-13-01T00:00:00', 0);
    } catch (error) {
      caught = error;
    }
    expect(isAstroError(caught, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('zoneOffsetMinutes', () => {
  it('follows daylight saving on both sides of the change', () => {
    // Europe/Berlin leaves CEST at 01:00 UTC on 2024-10-27 and enters it at 01:00 UTC on 2024-03-31.
    expect(zoneOffsetMinutes(at('2024-10-27T00:59:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(at('2024-10-27T01:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(at('2024-03-31T00:59:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(at('2024-03-31T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(at('2024-11-03T05:59:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(at('2024-11-03T06:00:00Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(at('2024-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(at('2024-07-01T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('gives the same night on both sides of the autumn change', () => {
    const before = at('2024-10-27T00:30:00Z');
    const after = at('2024-10-27T01:30:00Z');
    expect(observingNight('2024-10-27T00:30:00Z', zoneOffsetMinutes(before, 'Europe/Berlin'))).toBe(
      '2024-10-26',
    );
    expect(observingNight('2024-10-27T01:30:00Z', zoneOffsetMinutes(after, 'Europe/Berlin'))).toBe(
      '2024-10-26',
    );
    // 11:30 CET is still the previous night; 12:30 CET starts the next one.
    expect(
      observingNight(
        '2024-10-27T10:30:00Z',
        zoneOffsetMinutes(at('2024-10-27T10:30:00Z'), 'Europe/Berlin'),
      ),
    ).toBe('2024-10-26');
    expect(
      observingNight(
        '2024-10-27T11:30:00Z',
        zoneOffsetMinutes(at('2024-10-27T11:30:00Z'), 'Europe/Berlin'),
      ),
    ).toBe('2024-10-27');
  });

  it('rejects an unknown zone', () => {
    expect(() => zoneOffsetMinutes(0, 'Mars/Olympus_Mons')).toThrow(/Unknown time zone/);
  });
});

describe('parseHeaderDateTime', () => {
  it('reads the forms capture programs write', () => {
    expect(parseHeaderDateTime('2024-10-05T21:14:03')).toEqual({
      ms: at('2024-10-05T21:14:03Z'),
      hasTime: true,
    });
    expect(parseHeaderDateTime('2024-10-05T21:14:03.123Z')?.ms).toBe(
      at('2024-10-05T21:14:03.123Z'),
    );
    // SharpCap's 7 fractional digits are truncated to milliseconds, never rounded up.
    expect(parseHeaderDateTime('2025-03-19T22:51:59.9999999')?.ms).toBe(
      at('2025-03-19T22:51:59.999Z'),
    );
    expect(parseHeaderDateTime('2024-10-05 21:14')?.ms).toBe(at('2024-10-05T21:14:00Z'));
    expect(parseHeaderDateTime('2024-10-05T23:14:03+02:00')?.ms).toBe(at('2024-10-05T21:14:03Z'));
    expect(parseHeaderDateTime('2018-07-04')).toEqual({
      ms: at('2018-07-04T00:00:00Z'),
      hasTime: false,
    });
  });

  it('rejects impossible dates and other forms', () => {
    for (const bad of [
      '2023-02-29T00:00:00',
      '2024-04-31',
      '2024-10-05T24:00:00',
      '04/07/18',
      'NaN',
      '',
    ]) {
      expect(parseHeaderDateTime(bad), bad).toBeNull();
    }
    expect(parseHeaderDateTime('2024-02-29')).not.toBeNull();
  });

  it('reads TIME-OBS values', () => {
    expect(parseTimeOfDayMs('14:03:03')).toBe(((14 * 60 + 3) * 60 + 3) * 1000);
    expect(parseTimeOfDayMs('14:03:03.5')).toBe(((14 * 60 + 3) * 60 + 3) * 1000 + 500);
    expect(parseTimeOfDayMs('25:00:00')).toBeNull();
  });
});
