import { bench, describe } from 'vitest';
import { normalizeFrame } from './normalize-frame.js';
import { NINA_LIGHT_120 } from './test-headers.js';

// Run with: npx vitest bench --run packages/core/src/metadata
const path =
  'D:/Astro/C8E@f10+ZWO ASI2600MM Pro/10_Blink/M33/DATE_2024-10-05/FILTER_Ha_EXP_300.00_PANEL_A/' +
  '2024-10-05_23-14-03_HFR_2.31_STARS_512_RMSAC_0.62_TEMP_-10.00.fits';

const withoutDateLoc = NINA_LIGHT_120.filter((card) => card.keyword !== 'DATE-LOC');

describe('normalizeFrame', () => {
  bench('120-card NINA header with a reference-layout path', () => {
    normalizeFrame({ path, format: 'fits', cards: NINA_LIGHT_120 });
  });
  bench('NINA header without DATE-LOC, night from an IANA zone', () => {
    normalizeFrame(
      { path: '/in/f.fits', format: 'fits', cards: withoutDateLoc },
      { timeZone: 'Europe/Berlin' },
    );
  });
});
