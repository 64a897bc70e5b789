/**
 * An example third-party enrichment agent for astrocat. Load it from astrocat.json:
 *
 *   "agents": { "plugins": [{ "module": "./examples/site-agent/index.mjs",
 *     "options": { "sites": [{ "name": "backyard", "latDeg": 48.14, "lonDeg": 11.58, "radiusKm": 5 }] } }] }
 *
 * Every frame then gets a searchable `site` field: `astrocat search --field site=backyard`.
 * It is plain JavaScript so it loads without a build step; a TypeScript agent would import the
 * `Agent` type from `@astro/core/ingest`.
 */
const EARTH_RADIUS_KM = 6371;

function distanceKm(aLat, aLon, bLat, bLon) {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** @param {{ sites?: Array<{ name: string, latDeg: number, lonDeg: number, radiusKm?: number }> }} options */
export default function createSiteAgent(options = {}) {
  const sites = options.sites ?? [];
  return {
    name: 'site',
    async run(frame) {
      if (frame.siteLatDeg === null || frame.siteLonDeg === null) return { fields: { site: null } };
      let best = null;
      for (const site of sites) {
        const d = distanceKm(frame.siteLatDeg, frame.siteLonDeg, site.latDeg, site.lonDeg);
        if (d <= (site.radiusKm ?? 10) && (best === null || d < best.d))
          best = { name: site.name, d };
      }
      return { fields: { site: best ? best.name : 'unknown' } };
    },
  };
}
