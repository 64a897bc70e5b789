import { Body, Equator, Illumination, Observer, SearchAltitude } from 'astronomy-engine';

/** Moon and darkness facts for one imaging session at one site. */
export interface NightSky {
  /** Illuminated fraction of the Moon's disc at the session's middle, 0–100. */
  moonIlluminationPct: number;
  /** Angle between the Moon and the target at the session's middle, degrees; null without target coordinates. */
  moonSeparationDeg: number | null;
  /** Start of astronomical darkness (Sun below −18°) that night, ISO UTC; null when it never gets dark. */
  astroDarkStartUtc: string | null;
  astroDarkEndUtc: string | null;
  /** Hours of astronomical darkness that night (0 when it never gets dark). */
  astroDarkHours: number;
}

export interface NightSkyInput {
  /** Observing night `YYYY-MM-DD` (local date at the evening's start). */
  night: string;
  siteLatDeg: number;
  siteLonDeg: number;
  siteElevM?: number | null;
  /** The session's middle, ISO UTC. */
  midUtc: string;
  raDeg?: number | null;
  decDeg?: number | null;
}

const DEG = Math.PI / 180;
const DARK_ALTITUDE_DEG = -18;

/** Great-circle angle between two equatorial positions, degrees. */
export function angularSeparationDeg(
  ra1Deg: number,
  dec1Deg: number,
  ra2Deg: number,
  dec2Deg: number,
): number {
  const a = Math.sin(((dec2Deg - dec1Deg) * DEG) / 2) ** 2;
  const b =
    Math.cos(dec1Deg * DEG) *
    Math.cos(dec2Deg * DEG) *
    Math.sin(((ra2Deg - ra1Deg) * DEG) / 2) ** 2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(a + b)))) / DEG;
}

/**
 * Computes Moon illumination and separation and the night's astronomical darkness with
 * astronomy-engine (offline; its Moon positions are good to well under an arcminute).
 *
 * @example
 * ```ts
 * nightSky({ night: '2024-10-05', siteLatDeg: 48.1, siteLonDeg: 11.6, midUtc: '2024-10-05T23:00:00Z', raDeg: 10.68, decDeg: 41.27 });
 * ```
 */
export function nightSky(input: NightSkyInput): NightSky {
  const observer = new Observer(input.siteLatDeg, input.siteLonDeg, input.siteElevM ?? 0);
  const mid = new Date(input.midUtc);
  const moonIlluminationPct = Illumination(Body.Moon, mid).phase_fraction * 100;
  let moonSeparationDeg: number | null = null;
  if (input.raDeg != null && input.decDeg != null) {
    // J2000 (ofdate=false) to match the catalog's target coordinates; topocentric, so parallax is included.
    const moon = Equator(Body.Moon, mid, observer, false, true);
    moonSeparationDeg = angularSeparationDeg(moon.ra * 15, moon.dec, input.raDeg, input.decDeg);
  }
  // Local noon of the night's date, approximated from the longitude; the night runs noon to noon.
  const noonUtcMs = Date.parse(`${input.night}T12:00:00Z`) - (input.siteLonDeg / 15) * 3_600_000;
  const dusk = SearchAltitude(Body.Sun, observer, -1, new Date(noonUtcMs), 1, DARK_ALTITUDE_DEG);
  const dawn = dusk
    ? SearchAltitude(Body.Sun, observer, +1, dusk.date, 1, DARK_ALTITUDE_DEG)
    : null;
  const darkEndsInNight = dawn !== null && dawn.date.getTime() <= noonUtcMs + 86_400_000;
  return {
    moonIlluminationPct,
    moonSeparationDeg,
    astroDarkStartUtc: dusk && darkEndsInNight ? dusk.date.toISOString() : null,
    astroDarkEndUtc: dusk && dawn && darkEndsInNight ? dawn.date.toISOString() : null,
    astroDarkHours:
      dusk && dawn && darkEndsInNight ? (dawn.date.getTime() - dusk.date.getTime()) / 3_600_000 : 0,
  };
}
