import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { plotSessionSvg } from './plot-session-svg.js';
import { SESSION_POINTS as points } from './testing/session-points.js';

describe('plotSessionSvg', () => {
  it('is well-formed SVG with one polyline per series and escaped text', () => {
    const svg = plotSessionSvg(points, { title: 'M31 <night> & more' });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(doc.svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(svg.match(/<polyline/g)).toHaveLength(5);
    expect(svg).toContain('M31 &lt;night&gt; &amp; more');
    expect(svg).toContain('>20:00<');
    // The missing RMS value is skipped, not drawn at zero.
    const rmsLine = svg.match(/<polyline[^>]*stroke="#c2453d"[^>]*points="([^"]*)"/)?.[1] ?? '';
    expect(rmsLine.split(' ')).toHaveLength(29);
  });

  it('labels round clock times within a night and dates across nights', () => {
    const night = plotSessionSvg(points);
    expect(night).toContain('>20:00<');
    expect(night).toContain('>22:00<');
    expect(night).not.toContain('>20:39<');
    const target = plotSessionSvg(
      [0, 1, 5, 9].map((day) => ({
        timeUtc: new Date(Date.UTC(2024, 9, 1 + day, 21, 30)).toISOString(),
        hfrPx: 2 + day / 10,
      })),
    );
    expect(target).toContain('>10-02<');
    expect(target).not.toContain('>21:30<');
  });

  it('draws only panels that have data, and says so when nothing does', () => {
    const svg = plotSessionSvg(points.map(({ timeUtc, hfrPx }) => ({ timeUtc, hfrPx })));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).not.toContain('Stars');
    const empty = plotSessionSvg([]);
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain('no data');
  });
});
