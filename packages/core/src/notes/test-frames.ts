import type { NoteFrame } from './session-summary.js';

/** Test-only: a LIGHT frame with NINA-like defaults; override what the test is about. */
export function noteFrame(overrides: Partial<NoteFrame> = {}): NoteFrame {
  return {
    path: '/data/M31/light_0001.fits',
    format: 'fits',
    frameType: 'LIGHT',
    target: 'M 31',
    panel: null,
    filter: 'Ha',
    exposureSec: 300,
    gain: 100,
    offset: 50,
    setTempC: -10,
    sensorTempC: -10.1,
    binning: '1x1',
    readoutMode: null,
    camera: 'ASI2600MM Pro',
    optic: 'Esprit 100',
    rig: 'Esprit 100@f5.5+ASI2600MM Pro',
    focalLengthMm: 550,
    focalRatio: 5.5,
    pixelSizeUm: 3.76,
    widthPx: 6248,
    heightPx: 4176,
    bayerPattern: null,
    dateObsUtc: '2024-10-05T21:00:00.000Z',
    night: '2024-10-05',
    siteLatDeg: 48.1,
    siteLonDeg: 11.6,
    siteElevM: 520,
    raDeg: 10.6847,
    decDeg: 41.2687,
    hfrPx: 2.1,
    starCount: 1500,
    rmsArcsec: 0.6,
    airmass: 1.1,
    focuserPosition: 12000,
    focuserTempC: 8,
    pierSide: 'West',
    framesCombined: null,
    captureSoftware: 'N.I.N.A.',
    profile: 'NINA',
    sources: {},
    rawHeader: [],
    ...overrides,
  };
}

/** Test-only: `count` frames 5 minutes apart starting at `startUtc`. */
export function noteFrames(
  count: number,
  startUtc: string,
  overrides: Partial<NoteFrame> = {},
): NoteFrame[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(
      Date.parse(startUtc) + i * (overrides.exposureSec ?? 300) * 1000,
    ).toISOString();
    return noteFrame({
      path: `/data/${overrides.target ?? 'M 31'}/${overrides.filter ?? 'Ha'}/${at}.fits`,
      dateObsUtc: at,
      hfrPx: 2 + (i % 5) * 0.1,
      ...overrides,
    });
  });
}
