import { describe, expect, it } from 'vitest';
import type { HeaderCard } from './frame-record.js';
import { normalizeFrame, type NormalizeInput } from './normalize-frame.js';
import {
  APT_LIGHT,
  ASIAIR_LIGHT,
  MAXIM_LIGHT,
  NINA_LIGHT,
  PIXINSIGHT_MASTER_DARK,
  SGP_LIGHT,
  SHARPCAP_LIGHT,
} from './test-headers.js';

const fits = (cards: HeaderCard[], path = '/data/frame.fits'): NormalizeInput => ({
  path,
  format: 'fits',
  cards,
});
const replace = (cards: HeaderCard[], keyword: string, value: HeaderCard['value']) =>
  cards.map((card) => (card.keyword === keyword ? { ...card, value } : card));
const without = (cards: HeaderCard[], ...keywords: string[]) =>
  cards.filter((c) => !keywords.includes(c.keyword));

describe('normalizeFrame per capture program', () => {
  it('NINA: every field, the panel split and the rig name', () => {
    const { value, diagnostics } = normalizeFrame(fits(NINA_LIGHT));
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      profile: 'NINA',
      frameType: 'LIGHT',
      target: 'M33',
      panel: 'A',
      filter: 'Ha',
      exposureSec: 300,
      gain: 100,
      offset: 50,
      setTempC: -10,
      sensorTempC: -9.8,
      binning: '1x1',
      readoutMode: 'Normal',
      camera: 'ZWO ASI2600MM Pro',
      optic: 'C8E',
      rig: 'C8E@f10+ZWO ASI2600MM Pro',
      focalLengthMm: 2032,
      focalRatio: 10,
      pixelSizeUm: 3.76,
      widthPx: 6248,
      heightPx: 4176,
      dateObsUtc: '2024-10-05T21:14:03.123Z',
      night: '2024-10-05',
      siteLatDeg: 48.1374,
      siteLonDeg: 11.5755,
      siteElevM: 420,
      raDeg: 23.4621,
      decDeg: 30.66,
      airmass: 1.1321,
      focuserPosition: 14820,
      focuserTempC: 8.4,
      pierSide: 'WEST',
      captureSoftware: 'N.I.N.A. 3.1.2.9001 (x64)',
      hfrPx: null,
      framesCombined: null,
    });
    expect(value.rawHeader).toBe(NINA_LIGHT);
    expect(value.sources).toMatchObject({
      exposureSec: 'header',
      night: 'derived',
      rig: 'derived',
      panel: 'header',
    });
    expect(value.sources.hfrPx).toBeUndefined();
  });

  it('SGP: CREATOR, TEMPERAT, sexagesimal site and DATE-LOC night', () => {
    const { value, diagnostics } = normalizeFrame(fits(SGP_LIGHT));
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      profile: 'SGP',
      target: 'M57',
      filter: 'HaOIII',
      exposureSec: 30,
      sensorTempC: -17.5,
      setTempC: -18,
      binning: '2x2',
      gain: 120,
      offset: 30,
      captureSoftware: 'Sequence Generator Pro v3.1.0.479',
      dateObsUtc: '2020-05-30T00:22:49.096Z',
      // DATE-LOC 02:22 local belongs to the evening of the 29th.
      night: '2020-05-29',
      focuserPosition: 827840,
      focalRatio: null,
      rig: null,
    });
    expect(value.siteLatDeg).toBeCloseTo(51.05, 9);
    expect(value.siteLonDeg).toBeCloseTo(3 + 43 / 60, 9);
  });

  it("APT: 'Light Frame', OBJCTRA/OBJCTDEC fallback and binned pixel size", () => {
    const { value } = normalizeFrame(fits(APT_LIGHT));
    expect(value).toMatchObject({
      profile: 'APT',
      frameType: 'LIGHT',
      target: 'NGC 7000 / North America',
      panel: null,
      exposureSec: 240,
      gain: 120,
      setTempC: -15,
      sensorTempC: null,
      binning: '2x2',
      pixelSizeUm: 9.26,
      night: '2018-09-17',
    });
    expect(value.raDeg).toBeCloseTo((1 + 35 / 60) * 15, 9);
    expect(value.decDeg).toBeCloseTo(30 + 44 / 60 + 25 / 3600, 9);
    expect(value.siteLatDeg).toBeCloseTo(51.05, 9);
  });

  it('SharpCap: no IMAGETYP, 7-digit fractions, OFFSET; frame type from the path', () => {
    const { value } = normalizeFrame(fits(SHARPCAP_LIGHT));
    expect(value).toMatchObject({
      profile: 'SharpCap',
      frameType: 'UNKNOWN',
      target: 'Markarian',
      gain: 300,
      offset: 8,
      exposureSec: 280,
      dateObsUtc: '2025-03-19T22:51:59.384Z',
      raDeg: 187.3498863705,
      pierSide: 'WEST',
    });
    expect(value.sources.frameType).toBeUndefined();
    const fromPath = normalizeFrame(
      fits(SHARPCAP_LIGHT, '/capture/Markarian/Lights/22_51_59.fits'),
    ).value;
    expect(fromPath.frameType).toBe('LIGHT');
    expect(fromPath.sources.frameType).toBe('path');
    // With only BLKLEVEL, that is the offset.
    expect(normalizeFrame(fits(without(SHARPCAP_LIGHT, 'OFFSET'))).value.offset).toBe(8);
  });

  it('ASIAIR: CREATOR, Light, gain and offset', () => {
    const { value } = normalizeFrame(fits(ASIAIR_LIGHT));
    expect(value).toMatchObject({
      profile: 'ASIAIR',
      frameType: 'LIGHT',
      target: 'IC 1396',
      filter: 'L-eXtreme',
      gain: 100,
      offset: 50,
      bayerPattern: 'RGGB',
      captureSoftware: 'ZWO ASIAIR Plus',
    });
  });

  it('PixInsight master: frame type, frames combined from HISTORY comments', () => {
    const { value } = normalizeFrame(fits(PIXINSIGHT_MASTER_DARK));
    expect(value).toMatchObject({
      profile: 'PixInsight',
      frameType: 'MASTER DARK',
      framesCombined: 25,
      exposureSec: 300,
    });
    const withNcombine = [...PIXINSIGHT_MASTER_DARK, { keyword: 'NCOMBINE', value: 40 }];
    expect(normalizeFrame(fits(withNcombine)).value.framesCombined).toBe(40);
  });

  it('generic (MaxIm): sexagesimal RA/DEC strings, TIME-OBS, ratio from APTDIA, no PEDESTAL offset', () => {
    const { value, diagnostics } = normalizeFrame(fits(MAXIM_LIGHT));
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      profile: 'generic',
      target: 'm17',
      filter: 'SII',
      dateObsUtc: '2018-07-04T14:03:03.000Z',
      offset: null,
      focalRatio: 3.64,
      pierSide: 'EAST',
    });
    expect(value.sources.focalRatio).toBe('derived');
    expect(value.raDeg).toBeCloseTo((18 + 20 / 60 + 48.12 / 3600) * 15, 9);
    expect(value.decDeg).toBeCloseTo(-(16 + 10 / 60 + 58.8 / 3600), 9);
    expect(value.siteLatDeg).toBeCloseTo(-31.273333, 5);
  });

  it('XISF: geometry from the reader, properties when no FITS keyword, CreatorApplication', () => {
    const { value } = normalizeFrame({
      path: '/masters/MasterFlat_Ha.xisf',
      format: 'xisf',
      cards: [{ keyword: 'IMAGETYP', value: 'Master Flat' }],
      widthPx: 6248,
      heightPx: 4176,
      properties: {
        'XISF:CreatorApplication': 'PixInsight 1.8.9-3',
        'Instrument:ExposureTime': 2.5,
        'Instrument:Filter:Name': 'Ha',
        'Instrument:Telescope:FocalLength': 0.53,
        'Instrument:Camera:Gain': 0.25,
        'Observation:Time:Start': '2024-10-05T18:00:00Z',
      },
    });
    expect(value).toMatchObject({
      format: 'xisf',
      profile: 'PixInsight',
      frameType: 'MASTER FLAT',
      widthPx: 6248,
      heightPx: 4176,
      exposureSec: 2.5,
      filter: 'Ha',
      focalLengthMm: 530,
      gain: null,
      captureSoftware: 'PixInsight 1.8.9-3',
      dateObsUtc: '2024-10-05T18:00:00.000Z',
    });
    const typed = normalizeFrame({
      path: '/m.xisf',
      format: 'xisf',
      cards: [],
      imageType: 'MasterDark',
    }).value;
    expect(typed.frameType).toBe('MASTER DARK');
  });
});

describe('header versus path', () => {
  const referencePath =
    '/data/C8E@f10+ZWO ASI2600MM Pro/10_Blink/M33/DATE_2024-10-05/FILTER_OIII_EXP_120.00_PANEL_B/' +
    '2024-10-05_23-14-03_HFR_2.31_STARS_512_RMSAC_0.62_TEMP_-10.00.fits';

  it('the header wins for fields in both; quality metrics come from the path', () => {
    const { value } = normalizeFrame(fits(NINA_LIGHT, referencePath));
    expect(value).toMatchObject({ filter: 'Ha', exposureSec: 300, panel: 'A', sensorTempC: -9.8 });
    expect(value).toMatchObject({ hfrPx: 2.31, starCount: 512, rmsArcsec: 0.62 });
    expect(value.sources).toMatchObject({
      filter: 'header',
      hfrPx: 'path',
      starCount: 'path',
      rmsArcsec: 'path',
    });
  });

  it('the path fills what the header lacks', () => {
    const bare = without(
      NINA_LIGHT,
      'FILTER',
      'EXPOSURE',
      'EXPTIME',
      'OBJECT',
      'CCD-TEMP',
      'DATE-LOC',
      'DATE-OBS',
    );
    const { value } = normalizeFrame(fits(bare, referencePath));
    expect(value).toMatchObject({
      filter: 'OIII',
      exposureSec: 120,
      target: 'M33',
      panel: 'B',
      sensorTempC: -10,
    });
    expect(value.night).toBe('2024-10-05');
    expect(value.sources).toMatchObject({
      filter: 'path',
      exposureSec: 'path',
      target: 'path',
      night: 'path',
    });
  });

  it('takes the rig from the path when the header cannot build one', () => {
    const { value } = normalizeFrame(
      fits(without(NINA_LIGHT, 'TELESCOP', 'FOCRATIO'), referencePath),
    );
    expect(value).toMatchObject({ optic: 'C8E', focalRatio: 10, rig: 'C8E@f10+ZWO ASI2600MM Pro' });
    expect(value.sources).toMatchObject({ optic: 'path', focalRatio: 'path' });
  });

  it('classifies DARKFLAT only when the header or path says so', () => {
    const dark = replace(NINA_LIGHT, 'IMAGETYP', 'DARK');
    const shortDark = replace(dark, 'EXPOSURE', 2.5);
    expect(normalizeFrame(fits(shortDark, '/n/2024-10-05/DARK/f.fits')).value.frameType).toBe(
      'DARK',
    );
    const flagged = normalizeFrame(fits(shortDark, '/n/2024-10-05/DARKFLAT/f.fits')).value;
    expect(flagged.frameType).toBe('DARKFLAT');
    expect(flagged.sources.frameType).toBe('path');
    expect(normalizeFrame(fits(replace(NINA_LIGHT, 'IMAGETYP', 'FLATDARK'))).value.frameType).toBe(
      'DARKFLAT',
    );
    // A header LIGHT is not overridden by a DARKFLAT folder.
    expect(normalizeFrame(fits(NINA_LIGHT, '/n/DARKFLAT/f.fits')).value.frameType).toBe('LIGHT');
  });
});

describe('observing night', () => {
  const noLocal = without(NINA_LIGHT, 'DATE-LOC');
  const at = (iso: string) => replace(noLocal, 'DATE-OBS', iso);

  it('uses DATE-LOC first, even when a time zone is given', () => {
    const { value } = normalizeFrame(fits(replace(NINA_LIGHT, 'DATE-LOC', '2024-10-06T01:30:00')), {
      timeZone: 'America/Los_Angeles',
    });
    expect(value.night).toBe('2024-10-05');
  });

  it('uses options.timeZone without DATE-LOC, across DST', () => {
    // 12:30 in Tokyo starts a new night; UTC alone would still say the 5th.
    expect(
      normalizeFrame(fits(at('2024-10-06T03:30:00')), { timeZone: 'Asia/Tokyo' }).value.night,
    ).toBe('2024-10-06');
    expect(normalizeFrame(fits(at('2024-10-06T03:30:00'))).value.night).toBe('2024-10-05');
    expect(
      normalizeFrame(fits(at('2024-10-27T10:30:00Z')), { timeZone: 'Europe/Berlin' }).value.night,
    ).toBe('2024-10-26');
    expect(
      normalizeFrame(fits(at('2024-10-27T11:30:00Z')), { timeZone: 'Europe/Berlin' }).value.night,
    ).toBe('2024-10-27');
  });

  it('prefers a night in the path over a UTC guess, but not over a configured zone', () => {
    const path = '/r/10_Blink/M33/DATE_2024-10-04/x.fits';
    expect(normalizeFrame(fits(at('2024-10-05T21:00:00'), path)).value.night).toBe('2024-10-04');
    expect(
      normalizeFrame(fits(at('2024-10-05T21:00:00'), path), { timeZone: 'UTC' }).value.night,
    ).toBe('2024-10-05');
  });

  it('rejects an unknown time zone as an invalid argument', () => {
    expect(() => normalizeFrame(fits(noLocal), { timeZone: 'Nowhere/Special' })).toThrow(
      /Unknown time zone/,
    );
  });
});

describe('bad values', () => {
  it('become diagnostics naming the keyword, never exceptions', () => {
    let cards = replace(NINA_LIGHT, 'EXPOSURE', 'three hundred');
    // Old NINA wrote -1.79769313486232E+308 for an unset cooler setpoint.
    cards = replace(cards, 'SET-TEMP', -Number.MAX_VALUE);
    cards = replace(cards, 'SITELAT', '95 00 00');
    cards = replace(cards, 'OBJCTRA', 'garbage');
    cards = replace(cards, 'RA', 'xx');
    cards = replace(cards, 'DATE-OBS', '2024-02-30T00:00:00');
    cards = replace(cards, 'XBINNING', 1.5);
    cards = replace(cards, 'GAIN', true);
    const { value, diagnostics } = normalizeFrame(fits(cards));
    // EXPTIME still gives the exposure after EXPOSURE is rejected.
    expect(value).toMatchObject({
      exposureSec: 300,
      setTempC: null,
      siteLatDeg: null,
      gain: null,
      dateObsUtc: null,
    });
    expect(value.raDeg).toBeNull();
    const keywords = diagnostics.map((d) => d.message.split(':')[0]);
    expect(keywords).toEqual(
      expect.arrayContaining([
        'EXPOSURE',
        'SET-TEMP',
        'SITELAT',
        'OBJCTRA',
        'RA',
        'DATE-OBS',
        'XBINNING',
        'GAIN',
      ]),
    );
    for (const d of diagnostics) {
      expect(d).toMatchObject({ severity: 'warning', code: 'METADATA_BAD_VALUE' });
      expect(cards[d.card!]!.keyword).toBe(d.message.split(':')[0]);
    }
  });

  it('reports an unrecognised or master-light frame type as info and leaves UNKNOWN', () => {
    for (const type of ['Tricolor Image', 'Master Light']) {
      const { value, diagnostics } = normalizeFrame(fits(replace(NINA_LIGHT, 'IMAGETYP', type)));
      expect(value.frameType).toBe('UNKNOWN');
      expect(diagnostics).toEqual([
        expect.objectContaining({ severity: 'info', code: 'METADATA_UNKNOWN_FRAME_TYPE' }),
      ]);
    }
  });

  it('survives random card values without throwing', () => {
    // Deterministic PRNG (mulberry32) so a failure is reproducible.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const junk = [
      '',
      ' ',
      'NaN',
      '-',
      '1e999',
      '12:61:00',
      '+-5',
      'ÿ',
      '2024-99-99',
      'Panel',
      '@f+',
      '   x   ',
    ];
    const values = (): HeaderCard['value'] => {
      const pick = random();
      if (pick < 0.25) return junk[Math.floor(random() * junk.length)]!;
      if (pick < 0.5) return (random() - 0.5) * 10 ** Math.floor(random() * 12);
      if (pick < 0.6) return random() < 0.5;
      if (pick < 0.7) return null;
      return Number.NaN;
    };
    for (let round = 0; round < 300; round++) {
      const cards = NINA_LIGHT.map((card) =>
        random() < 0.5 ? { ...card, value: values() } : card,
      );
      const { value } = normalizeFrame(
        fits(cards, `/x/${junk[round % junk.length]}/DATE_${round}/f.fits`),
      );
      expect(value.rawHeader).toBe(cards);
      expect(typeof value.frameType).toBe('string');
    }
  });
});
