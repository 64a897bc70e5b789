import { describe, expect, it } from 'vitest';
import {
  fileExtension,
  formatDateTime,
  formatFixed2,
  layoutPath,
  renderTemplate,
  rigName,
} from './layout.js';
import { makeTestFrame, makeTestLight } from './make-test-frame.js';

describe('renderTemplate', () => {
  it('drops an optional section when one of its tokens is empty and keeps it otherwise', () => {
    const template = '{target}/F_{filter}[_PANEL_{panel}]';
    expect(renderTemplate(template, { target: 'M33', filter: 'L', panel: null }).value).toBe(
      'M33/F_L',
    );
    expect(renderTemplate(template, { target: 'M33', filter: 'L', panel: 'A' }).value).toBe(
      'M33/F_L_PANEL_A',
    );
  });

  it('reports a required token without value and writes NA', () => {
    const out = renderTemplate('{target}/x_{filter}', { target: 'M33', filter: null });
    expect(out.value).toBe('M33/x_NA');
    expect(out.diagnostics).toEqual([
      expect.objectContaining({ code: 'LAYOUT_TOKEN_MISSING', severity: 'warning' }),
    ]);
  });

  it('reports an unknown token as an error', () => {
    const out = renderTemplate('{nope}', {});
    expect(out.diagnostics[0]?.code).toBe('LAYOUT_UNKNOWN_TOKEN');
  });

  it('sanitizes token values so they cannot add folder levels', () => {
    const out = renderTemplate('{target}/a', { target: 'NGC 7000 / ../North America.' });
    expect(out.value).toBe('NGC 7000 _ .._North America/a');
    expect(out.value.split('/')).toHaveLength(2);
  });
});

describe('number and name formatting', () => {
  it('formats doubles with two decimals like NINA', () => {
    expect(formatFixed2(300)).toBe('300.00');
    expect(formatFixed2(-10)).toBe('-10.00');
    expect(formatFixed2(2.314)).toBe('2.31');
    expect(formatFixed2(null)).toBeNull();
  });

  it('formats the date-time as NINA does, from UTC', () => {
    expect(formatDateTime('2024-10-05T21:14:03.123Z')).toBe('2024-10-05_21-14-03');
    expect(formatDateTime(null)).toBeNull();
  });

  it('keeps .fits.fz whole', () => {
    expect(fileExtension('/raw/a_1.23.fits.fz')).toBe('fits.fz');
    expect(fileExtension('C:\\raw\\b.xisf')).toBe('xisf');
  });

  it('derives the rig as optic@f<ratio>+camera, or takes a configured name', () => {
    const frame = makeTestLight('/raw/a.fits');
    expect(rigName(frame)).toBe('Esprit100@f5.5+ASI2600MM');
    expect(rigName(frame, [{ name: 'Widefield', optic: 'esprit100', camera: 'asi2600mm' }])).toBe(
      'Widefield',
    );
  });
});

describe('layoutPath (reference convention)', () => {
  it('places a light as the reference process does', () => {
    const out = layoutPath(makeTestLight('/raw/2024-10-05/LIGHT/x.fits'), { stage: '10_Blink' });
    expect(out.diagnostics).toEqual([]);
    expect(out.value).toBe(
      'Esprit100@f5.5+ASI2600MM/10_Blink/M31/DATE_2024-10-05/FILTER_Ha_EXP_300.00/2024-10-05_21-14-03_HFR_2.31_STARS_812_RMSAC_0.62_TEMP_-10.00.fits',
    );
  });

  it('adds the panel folder suffix for mosaics', () => {
    const out = layoutPath(makeTestLight('/raw/x.fits', { target: 'M33', panel: 'A' }), {
      stage: '10_Blink',
    });
    expect(out.value.split('/')[4]).toBe('FILTER_Ha_EXP_300.00_PANEL_A');
  });

  it('puts calibration under optic+camera without focal ratio', () => {
    const dark = makeTestLight('/raw/d.fits', { frameType: 'DARK', target: null, filter: null });
    const out = layoutPath(dark, { stage: '10_Blink' });
    expect(out.value).toBe(
      'Esprit100+ASI2600MM/10_Blink/DARK/DATE_2024-10-05/EXP_300.00_GAIN_100_OFFSET_50_SETTEMP_-10.00_BIN_1x1/2024-10-05_21-14-03_TEMP_-10.00.fits',
    );
  });

  it('gives a safe path for a hostile target on every convention', () => {
    for (const convention of ['windows', 'macos', 'linux', 'portable'] as const) {
      const frame = makeTestLight('/raw/x.fits', {
        target: '../NGC 7000: North*America / Pélican. ',
      });
      const segments = layoutPath(frame, { stage: '10_Blink', convention }).value.split('/');
      expect(segments).toHaveLength(6);
      expect(segments.every((s) => s !== '..' && s !== '.' && s !== '')).toBe(true);
    }
    const windows = layoutPath(
      makeTestLight('/raw/x.fits', { target: 'NGC 7000: North*America. ' }),
      {
        stage: '10_Blink',
        convention: 'windows',
      },
    );
    expect(windows.value.split('/')[2]).toBe('NGC 7000_ North_America');
  });

  it('uses a custom template per frame type and the default fallback', () => {
    const frame = makeTestFrame({ path: '/raw/m.xisf', frameType: 'MASTER DARK', camera: 'ASI' });
    const out = layoutPath(frame, {
      stage: '30_Master',
      templates: { default: '{camera}/{stage}/{type}/{filename}' },
    });
    expect(out.value).toBe('ASI/30_Master/MASTER DARK/m.xisf');
    expect(layoutPath(frame, { stage: 'x' }).diagnostics[0]?.code).toBe('LAYOUT_NO_TEMPLATE');
  });
});
