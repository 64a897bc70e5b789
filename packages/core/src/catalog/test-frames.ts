import type { FrameRecord, HeaderCard } from '../metadata/frame-record.js';

/** Test-only: a NINA LIGHT frame of M31 in Ha; override what a test cares about. */
export function makeFrameRecord(overrides: Partial<FrameRecord> = {}): FrameRecord {
  const base: FrameRecord = {
    path: '/data/M31/2024-10-05/LIGHT/2024-10-05_21-14-03_Ha_-10.00_300.00s_0001.fits',
    format: 'fits',
    frameType: 'LIGHT',
    target: 'M31',
    panel: null,
    filter: 'Ha',
    exposureSec: 300,
    gain: 100,
    offset: 50,
    setTempC: -10,
    sensorTempC: -10.1,
    binning: '1x1',
    readoutMode: null,
    camera: 'ZWO ASI2600MM Pro',
    optic: 'RedCat 51',
    rig: 'RedCat 51@f4.9+ZWO ASI2600MM Pro',
    focalLengthMm: 250,
    focalRatio: 4.9,
    pixelSizeUm: 3.76,
    widthPx: 6248,
    heightPx: 4176,
    bayerPattern: null,
    dateObsUtc: '2024-10-05T21:14:03.123Z',
    night: '2024-10-05',
    siteLatDeg: 48.1,
    siteLonDeg: 11.6,
    siteElevM: 520,
    raDeg: 10.6847,
    decDeg: 41.269,
    hfrPx: 2.1,
    starCount: 1450,
    rmsArcsec: 0.62,
    airmass: 1.12,
    focuserPosition: 5120,
    focuserTempC: 8.5,
    pierSide: 'West',
    framesCombined: null,
    captureSoftware: 'N.I.N.A. 3.1.2.9001',
    profile: 'NINA',
    sources: { target: 'header', filter: 'header', hfrPx: 'path' },
    rawHeader: [],
  };
  const record = { ...base, ...overrides };
  if (!overrides.rawHeader) record.rawHeader = headerFor(record);
  return record;
}

/** The cards NINA would write for a record's main fields. */
function headerFor(r: FrameRecord): HeaderCard[] {
  const cards: HeaderCard[] = [
    { keyword: 'SIMPLE', value: true, comment: 'C# FITS' },
    { keyword: 'BITPIX', value: 16 },
    { keyword: 'IMAGETYP', value: r.frameType, comment: 'Type of exposure' },
    { keyword: 'EXPOSURE', value: r.exposureSec, comment: '[s] Exposure duration' },
    {
      keyword: 'DATE-OBS',
      value: r.dateObsUtc?.replace('Z', '') ?? null,
      comment: 'Time of observation (UTC)',
    },
    { keyword: 'GAIN', value: r.gain, comment: 'Sensor gain' },
    { keyword: 'OFFSET', value: r.offset, comment: 'Sensor gain offset' },
    { keyword: 'CCD-TEMP', value: r.sensorTempC, comment: '[degC] CCD temperature' },
    { keyword: 'INSTRUME', value: r.camera, comment: 'Imaging instrument name' },
    { keyword: 'TELESCOP', value: r.optic, comment: 'Name of telescope' },
    { keyword: 'FILTER', value: r.filter, comment: 'Active filter name' },
    {
      keyword: 'OBJECT',
      value: r.target === null ? null : r.panel ? `${r.target} Panel ${r.panel}` : r.target,
      comment: 'Name of the object of interest',
    },
    { keyword: 'AIRMASS', value: r.airmass, comment: 'Airmass at frame center (Gueymard 1993)' },
    { keyword: 'SWCREATE', value: r.captureSoftware, comment: 'Software that created this file' },
    {
      keyword: 'COMMENT',
      value: null,
      comment: 'FITS (Flexible Image Transport System) format is defined in Astronomy',
    },
  ];
  return cards;
}

export { seededRandom } from '../analysis/random.js';

const STATIC_CARDS: HeaderCard[] = [
  { keyword: 'SIMPLE', value: true, comment: 'C# FITS' },
  { keyword: 'BITPIX', value: 16 },
  { keyword: 'NAXIS', value: 2, comment: 'Dimensionality' },
  { keyword: 'NAXIS1', value: 6248 },
  { keyword: 'NAXIS2', value: 4176 },
  { keyword: 'BZERO', value: 32768 },
  { keyword: 'EXTEND', value: true, comment: 'Extensions are permitted' },
  { keyword: 'IMAGETYP', value: 'LIGHT', comment: 'Type of exposure' },
  { keyword: 'EXPOSURE', value: 300, comment: '[s] Exposure duration' },
  { keyword: 'EXPTIME', value: 300, comment: '[s] Exposure duration' },
  { keyword: 'XBINNING', value: 1, comment: 'X axis binning factor' },
  { keyword: 'YBINNING', value: 1, comment: 'Y axis binning factor' },
  { keyword: 'GAIN', value: 100, comment: 'Sensor gain' },
  { keyword: 'OFFSET', value: 50, comment: 'Sensor gain offset' },
  { keyword: 'EGAIN', value: 0.25, comment: '[e-/ADU] Electrons per A/D unit' },
  { keyword: 'XPIXSZ', value: 3.76, comment: '[um] Pixel X axis size' },
  { keyword: 'YPIXSZ', value: 3.76, comment: '[um] Pixel Y axis size' },
  { keyword: 'INSTRUME', value: 'ZWO ASI2600MM Pro', comment: 'Imaging instrument name' },
  { keyword: 'SET-TEMP', value: -10, comment: '[degC] CCD temperature setpoint' },
  { keyword: 'READOUTM', value: 'Normal', comment: 'Sensor readout mode' },
  { keyword: 'USBLIMIT', value: 40, comment: 'Camera-specific USB setting' },
  { keyword: 'TELESCOP', value: 'RedCat 51', comment: 'Name of telescope' },
  { keyword: 'FOCALLEN', value: 250, comment: '[mm] Focal length' },
  { keyword: 'FOCRATIO', value: 4.9, comment: 'Focal ratio' },
  { keyword: 'OBJECT', value: 'M31', comment: 'Name of the object of interest' },
  { keyword: 'OBJCTRA', value: '00 42 44', comment: '[H M S] RA of imaged object' },
  { keyword: 'OBJCTDEC', value: '+41 16 08', comment: '[D M S] Declination of imaged object' },
  { keyword: 'OBJCTROT', value: 90, comment: '[deg] planned rotation of imaged object' },
  { keyword: 'FWHEEL', value: 'ZWO EFW', comment: 'Filter Wheel name' },
  { keyword: 'FILTER', value: 'Ha', comment: 'Active filter name' },
  { keyword: 'FOCNAME', value: 'ZWO EAF', comment: 'Focusing equipment name' },
  { keyword: 'FOCSTEP', value: 5.86, comment: '[um] Focuser step size' },
  { keyword: 'ROTNAME', value: 'None', comment: 'Rotator equipment name' },
  { keyword: 'SITEELEV', value: 520, comment: '[m] Observation site elevation' },
  { keyword: 'SITELAT', value: 48.1, comment: '[deg] Observation site latitude' },
  { keyword: 'SITELONG', value: 11.6, comment: '[deg] Observation site longitude' },
  { keyword: 'ROWORDER', value: 'TOP-DOWN', comment: 'FITS Image Orientation' },
  { keyword: 'EQUINOX', value: 2000, comment: 'Equinox of celestial coordinate system' },
  { keyword: 'SWCREATE', value: 'N.I.N.A. 3.1.2.9001', comment: 'Software that created this file' },
];

/** Cards that change during a night: [keyword, start value, drift per frame, noise amplitude]. */
const VARYING_CARDS: Array<[string, number, number, number]> = [
  ['CCD-TEMP', -10, 0, 0.1],
  ['RA', 10.6847, 0.0001, 0.002],
  ['DEC', 41.269, -0.0001, 0.002],
  ['CENTALT', 35, 0.4, 0],
  ['CENTAZ', 80, 0.6, 0],
  ['AIRMASS', 1.74, -0.004, 0],
  ['FOCPOS', 5120, 0.2, 0],
  ['FOCUSPOS', 5120, 0.2, 0],
  ['FOCTEMP', 12, -0.02, 0.05],
  ['FOCUSTEM', 12, -0.02, 0.05],
  ['CLOUDCVR', 5, 0, 2],
  ['DEWPOINT', 4, -0.01, 0.05],
  ['HUMIDITY', 70, 0.05, 0.5],
  ['PRESSURE', 1013, 0, 0.2],
  ['AMBTEMP', 12, -0.02, 0.05],
  ['WINDDIR', 220, 0, 15],
  ['WINDSPD', 3, 0, 1],
  ['WINDGUST', 6, 0, 3],
  ['SKYBRGHT', 0.002, 0, 0.0005],
  ['SKYQUAL', 20.9, 0.001, 0.03],
  ['SKYTEMP', -18, 0, 0.3],
  ['STARFWHM', 3.2, 0, 0.4],
  ['OBJCTHA', -3, 0.085, 0],
  ['MOONANGL', 95, 0.02, 0],
];
/**
 * Test-only: a realistic ~120-card NINA header for frame `index` (one night is 120 frames): static
 * equipment cards, ~27 cards that change every frame (time, temperatures, weather, pointing) and
 * NINA's comment lines. Values are seeded, so the same index and seed give the same header.
 */
export function ninaHeader(index: number, random: () => number): HeaderCard[] {
  const t = new Date(Date.UTC(2024, 9, 5, 20, 0, 0) + index * 305_000).toISOString();
  const cards: HeaderCard[] = STATIC_CARDS.slice(0, 8);
  cards.push({
    keyword: 'DATE-LOC',
    value: t.slice(0, 23),
    comment: 'Time of observation (local)',
  });
  cards.push({ keyword: 'DATE-OBS', value: t.slice(0, 23), comment: 'Time of observation (UTC)' });
  cards.push(...STATIC_CARDS.slice(8));
  // NINA writes these with a few decimals; they drift through the night with some jitter.
  for (const [keyword, start, drift, noise] of VARYING_CARDS) {
    const value = start + drift * (index % 120) + noise * (random() * 2 - 1);
    cards.push({
      keyword,
      value: Math.round(value * 1e4) / 1e4,
      comment: `${keyword} at exposure start`,
    });
  }
  cards.push({
    keyword: 'PIERSIDE',
    value: index % 120 < 60 ? 'East' : 'West',
    comment: 'Telescope pointing state',
  });
  for (let i = 0; cards.length < 118; i++) {
    cards.push({
      keyword: `NINA${String(i).padStart(4, '0')}`,
      value: i % 3 === 0 ? i * 1.5 : `setting ${i}`,
      comment: 'Equipment or sequence setting',
    });
  }
  cards.push({
    keyword: 'COMMENT',
    value: null,
    comment: 'FITS (Flexible Image Transport System) format is defined in Astronomy',
  });
  cards.push({
    keyword: 'COMMENT',
    value: null,
    comment: 'and Astrophysics Supplement Series v44/p363, v44/p371, v73/p359, v73/p365',
  });
  return cards;
}
