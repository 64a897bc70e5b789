import { seededRandom } from '../analysis/random.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { emptyFrameRecord } from '../metadata/normalize-frame.js';

/** A FrameRecord with every field null except what the test sets (test helper, not public API). */
export function makeTestFrame(overrides: Partial<FrameRecord> & { path: string }): FrameRecord {
  return {
    ...emptyFrameRecord({ path: overrides.path, format: 'fits' }, 'NINA'),
    frameType: 'LIGHT',
    ...overrides,
  };
}

/** A typical NINA light of a given rig and night, for layout and prepare tests. */
export function makeTestLight(path: string, overrides: Partial<FrameRecord> = {}): FrameRecord {
  return makeTestFrame({
    path,
    frameType: 'LIGHT',
    target: 'M31',
    filter: 'Ha',
    exposureSec: 300,
    gain: 100,
    offset: 50,
    setTempC: -10,
    sensorTempC: -10,
    binning: '1x1',
    camera: 'ASI2600MM',
    optic: 'Esprit100',
    focalRatio: 5.5,
    dateObsUtc: '2024-10-05T21:14:03.123Z',
    night: '2024-10-05',
    hfrPx: 2.314,
    starCount: 812,
    rmsArcsec: 0.62,
    ...overrides,
  });
}

export { seededRandom };

/** A tiny valid FITS file (one 2880-byte header, 8-bit data) whose data bytes depend on `seed`. */
export function makeFakeFits(seed: number, dataBytes = 256, extraCards: string[] = []): Buffer {
  const cards = [
    'SIMPLE  =                    T',
    'BITPIX  =                    8',
    'NAXIS   =                    1',
    `NAXIS1  = ${String(dataBytes).padStart(20)}`,
    ...extraCards,
    'END',
  ];
  const header = Buffer.alloc(2880, 0x20);
  cards.forEach((card, index) => header.write(card.padEnd(80), index * 80, 'latin1'));
  const data = Buffer.alloc(Math.ceil(dataBytes / 2880) * 2880);
  const random = seededRandom(seed);
  for (let i = 0; i < dataBytes; i++) data[i] = Math.floor(random() * 256);
  return Buffer.concat([header, data]);
}
