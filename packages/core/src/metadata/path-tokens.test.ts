import { describe, expect, it } from 'vitest';
import { parsePathTokens } from './path-tokens.js';

describe('parsePathTokens', () => {
  it('reads the reference light layout', () => {
    const tokens = parsePathTokens(
      '/data/C8E@f10+ZWO ASI2600MM Pro/10_Blink/M33/DATE_2024-10-05/FILTER_Ha_EXP_300.00_PANEL_A/' +
        '2024-10-05_21-14-03_HFR_2.31_STARS_512_RMSAC_0.62_TEMP_-10.00.fits',
    );
    expect(tokens).toEqual({
      rig: 'C8E@f10+ZWO ASI2600MM Pro',
      optic: 'C8E',
      focalRatio: 10,
      camera: 'ZWO ASI2600MM Pro',
      target: 'M33',
      night: '2024-10-05',
      filter: 'Ha',
      exposureSec: 300,
      panel: 'A',
      dateTimeLocal: '2024-10-05T21:14:03',
      hfrPx: 2.31,
      starCount: 512,
      rmsArcsec: 0.62,
      sensorTempC: -10,
    });
  });

  it("reads NINA's default pattern: night folder, type folder and positional file name", () => {
    // $$DATEMINUS12$$\$$IMAGETYPE$$\$$DATETIME$$_$$FILTER$$_$$SENSORTEMP$$_$$EXPOSURETIME$$s_$$FRAMENR$$
    const tokens = parsePathTokens(
      'C:\\Users\\me\\Documents\\N.I.N.A\\2024-10-05\\LIGHT\\2024-10-06_01-14-03_OIII_-9.80_300.00s_0042.fits',
    );
    expect(tokens).toEqual({
      night: '2024-10-05',
      frameType: 'LIGHT',
      dateTimeLocal: '2024-10-06T01:14:03',
      filter: 'OIII',
      sensorTempC: -9.8,
      exposureSec: 300,
      frameNumber: 42,
    });
    // Before late 2023 NINA wrote no "s"; without a filter wheel or cooler the fields are empty.
    expect(
      parsePathTokens('2024-10-05/FLAT/2024-10-05_18-00-00__NaN_2.50_0001.fits'),
    ).toMatchObject({
      frameType: 'FLAT',
      exposureSec: 2.5,
      frameNumber: 1,
    });
    expect(parsePathTokens('x/2024-10-05_18-00-00__NaN_2.50_0001.fits').filter).toBeUndefined();
  });

  it('derives the night from the local date-time in the name when no folder gives it', () => {
    expect(parsePathTokens('/in/2024-10-06_01-14-03_L_-10.00_60.00s_0001.fits').night).toBe(
      '2024-10-05',
    );
    expect(parsePathTokens('/in/2024-10-06_13-14-03_L_-10.00_60.00s_0001.fits').night).toBe(
      '2024-10-06',
    );
  });

  it('reads single tokens with units and keeps the deepest value', () => {
    expect(parsePathTokens('/a/SET-TEMP_-10/GAIN_100_OFFSET_50/EXP_300s/BIN_2/f.fits')).toEqual({
      setTempC: -10,
      gain: 100,
      offset: 50,
      exposureSec: 300,
      binning: '2x2',
    });
    expect(parsePathTokens('/a/EXP_300/EXP_120/f.xisf').exposureSec).toBe(120);
    expect(parsePathTokens('/a/FILTER_Ha_3nm_EXP_300/f.fits')).toMatchObject({
      filter: 'Ha_3nm',
      exposureSec: 300,
    });
  });

  it('is not fooled by target names with underscores or numbers', () => {
    for (const target of ['Sh2_101', 'NGC_7000', 'm31_exp_300', 'IC_1396_2024', 'Abell_39']) {
      const tokens = parsePathTokens(`/data/rig/${target}/light_0001.fits`);
      expect(tokens, target).toEqual({});
    }
    expect(parsePathTokens('/r/10_Blink/Sh2_101/DATE_2024-10-05/x.fits')).toEqual({
      target: 'Sh2_101',
      night: '2024-10-05',
    });
    expect(parsePathTokens('/r/10_Blink/M31_Panel_3/x.fits').target).toBe('M31_Panel_3');
  });

  it('ignores tokens whose values do not parse', () => {
    expect(parsePathTokens('/a/DATE_2024-02-30/HFR_abc_STARS_1.5_EXP_x/GAIN_/f.fits')).toEqual({});
  });

  it('recognises calibration folders and names', () => {
    expect(parsePathTokens('/lib/DARKFLAT/EXP_2.5_GAIN_100/f.fits')).toMatchObject({
      frameType: 'DARKFLAT',
      exposureSec: 2.5,
    });
    expect(parsePathTokens('/lib/Darks/f.fits').frameType).toBe('DARK');
    expect(parsePathTokens('/lib/Dark Shark Nebula/f.fits').frameType).toBeUndefined();
  });

  it('caches folder tokens without sharing state between results', () => {
    const a = parsePathTokens('/cache/DATE_2024-10-05/HFR_1.5.fits');
    const b = parsePathTokens('/cache/DATE_2024-10-05/STARS_9.fits');
    a.night = 'changed';
    expect(b).toEqual({ night: '2024-10-05', starCount: 9 });
    expect(parsePathTokens('/cache/DATE_2024-10-05/f.fits').night).toBe('2024-10-05');
  });
});
