import { describe, expect, it } from 'vitest';
import { detectCaptureProfile, keywordTable, PROFILE_SPECS } from './capture-profiles.js';
import type { HeaderCard } from './frame-record.js';
import {
  APT_LIGHT,
  ASIAIR_LIGHT,
  MAXIM_LIGHT,
  NINA_LIGHT,
  PIXINSIGHT_MASTER_DARK,
  SGP_LIGHT,
  SHARPCAP_LIGHT,
} from './test-headers.js';

describe('detectCaptureProfile', () => {
  it('recognises each program from its realistic header', () => {
    expect(detectCaptureProfile(NINA_LIGHT)).toBe('NINA');
    expect(detectCaptureProfile(SGP_LIGHT)).toBe('SGP');
    expect(detectCaptureProfile(APT_LIGHT)).toBe('APT');
    expect(detectCaptureProfile(SHARPCAP_LIGHT)).toBe('SharpCap');
    expect(detectCaptureProfile(ASIAIR_LIGHT)).toBe('ASIAIR');
    expect(detectCaptureProfile(MAXIM_LIGHT)).toBe('generic');
  });

  it('puts PixInsight masters before the capture program whose SWCREATE they keep', () => {
    expect(detectCaptureProfile(PIXINSIGHT_MASTER_DARK)).toBe('PixInsight');
    const historyOnly: HeaderCard[] = [
      { keyword: 'SWCREATE', value: 'N.I.N.A. 3.1.2.9001 (x64)' },
      { keyword: 'HISTORY', value: null, comment: 'ImageIntegration.numberOfImages: 12' },
    ];
    expect(detectCaptureProfile(historyOnly)).toBe('PixInsight');
    expect(detectCaptureProfile([{ keyword: 'IMAGETYP', value: 'Master Flat' }])).toBe(
      'PixInsight',
    );
  });

  it('reads lower-case keywords the same as upper-case ones', () => {
    expect(
      detectCaptureProfile([{ keyword: 'swcreate', value: 'SharpCap v4.0.9268.0, 32 bit' }]),
    ).toBe('SharpCap');
  });

  it('is generic for an empty or unknown header', () => {
    expect(detectCaptureProfile([])).toBe('generic');
    expect(detectCaptureProfile([{ keyword: 'SWCREATE', value: 'KStars' }])).toBe('generic');
  });

  it('never maps EGAIN to gain or PEDESTAL to offset, in any profile', () => {
    for (const spec of [...PROFILE_SPECS.map((s) => s.profile), 'generic' as const]) {
      const table = keywordTable(spec).keywords;
      expect(table.gain).not.toContain('EGAIN');
      expect(table.offset).not.toContain('PEDESTAL');
    }
  });
});
