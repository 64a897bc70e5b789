import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  debianPython,
  hasPythonModule,
  requirePeer,
} from '../../../../test-support/external-tools.js';
import { angularSeparationDeg, nightSky } from './night-sky.js';

const munich = { siteLatDeg: 48.14, siteLonDeg: 11.58, siteElevM: 520 };

describe('angularSeparationDeg', () => {
  it('matches known separations', () => {
    expect(angularSeparationDeg(0, 0, 90, 0)).toBeCloseTo(90, 9);
    expect(angularSeparationDeg(10, 89, 190, 89)).toBeCloseTo(2, 9);
    expect(angularSeparationDeg(359.5, 0, 0.5, 0)).toBeCloseTo(1, 9);
  });
});

describe('nightSky', () => {
  it('finds the full and the new Moon of October 2024', () => {
    const full = nightSky({ night: '2024-10-16', ...munich, midUtc: '2024-10-17T11:26:00Z' });
    const dark = nightSky({ night: '2024-10-02', ...munich, midUtc: '2024-10-02T18:49:00Z' });
    expect(full.moonIlluminationPct).toBeGreaterThan(99.5);
    expect(dark.moonIlluminationPct).toBeLessThan(0.5);
    expect(full.moonSeparationDeg).toBeNull();
  });

  it('gives a mid-latitude October night about 9 hours of astronomical darkness', () => {
    const sky = nightSky({
      night: '2024-10-05',
      ...munich,
      midUtc: '2024-10-05T23:00:00Z',
      raDeg: 10.68,
      decDeg: 41.27,
    });
    expect(sky.astroDarkStartUtc?.slice(0, 13)).toBe('2024-10-05T18');
    expect(sky.astroDarkEndUtc?.slice(0, 13)).toBe('2024-10-06T03');
    expect(sky.astroDarkHours).toBeGreaterThan(8.5);
    expect(sky.astroDarkHours).toBeLessThan(9.5);
    expect(sky.moonSeparationDeg).toBeGreaterThan(0);
  });

  it('reports no darkness in a northern summer night', () => {
    const sky = nightSky({
      night: '2024-06-21',
      siteLatDeg: 60,
      siteLonDeg: 10,
      midUtc: '2024-06-21T23:00:00Z',
    });
    expect(sky.astroDarkStartUtc).toBeNull();
    expect(sky.astroDarkHours).toBe(0);
  });

  it.skipIf(!requirePeer('astropy', hasPythonModule('astropy')))(
    'agrees with astropy on Moon illumination, separation and the Sun at dusk',
    () => {
      const input = {
        night: '2024-10-05',
        ...munich,
        midUtc: '2024-10-05T23:00:00Z',
        raDeg: 10.68,
        decDeg: 41.27,
      };
      const sky = nightSky(input);
      const script = `
import json, sys, numpy as np
from astropy.time import Time
from astropy.coordinates import EarthLocation, SkyCoord, AltAz, get_body, get_sun
import astropy.units as u
a = json.loads(sys.argv[1])
loc = EarthLocation(lat=a['siteLatDeg']*u.deg, lon=a['siteLonDeg']*u.deg, height=a['siteElevM']*u.m)
t = Time(a['midUtc'])
moon = get_body('moon', t, loc)
sun = get_body('sun', t, loc)
elong = sun.separation(moon).rad
phase = np.arctan2(sun.distance*np.sin(elong), moon.distance - sun.distance*np.cos(elong))
illum = (1 + np.cos(phase.value)) / 2
target = SkyCoord(ra=a['raDeg']*u.deg, dec=a['decDeg']*u.deg)
sep = moon.separation(target).deg
dusk = Time(a['dusk'])
alt = get_sun(dusk).transform_to(AltAz(obstime=dusk, location=loc)).alt.deg
print(json.dumps({'illum': float(illum)*100, 'sep': float(sep), 'duskAlt': float(alt)}))
`;
      const out = execFileSync(
        debianPython,
        ['-c', script, JSON.stringify({ ...input, dusk: sky.astroDarkStartUtc })],
        { encoding: 'utf8' },
      );
      const ref = JSON.parse(out) as { illum: number; sep: number; duskAlt: number };
      expect(Math.abs(sky.moonIlluminationPct - ref.illum)).toBeLessThan(0.5);
      expect(Math.abs((sky.moonSeparationDeg as number) - ref.sep)).toBeLessThan(0.1);
      // astropy's altitude includes no refraction here either; -18° within 0.1°.
      expect(Math.abs(ref.duskAlt + 18)).toBeLessThan(0.1);
    },
  );
});
