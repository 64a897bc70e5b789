import { clippedStats } from './background.js';
import { StarFlag, type AnalysisImage, type Star } from './types.js';

/** Everything {@link measureStar} needs besides the pixels. */
export interface StarContext {
  /** Local sky level (ADU). */
  backgroundAdu: number;
  /** Local sky noise per pixel (ADU). */
  noiseAdu: number;
  /** Pixels at or above this are saturated (Infinity when unknown). */
  saturationAdu: number;
  gainEPerAdu?: number;
  /** Isophotal area of the detection, seeds the aperture size. */
  areaPx: number;
  /** Largest aperture radius (half the distance to a blended neighbour); default 64. */
  maxRadiusPx?: number;
}

// Each pixel's flux is spread uniformly over its own width (±0.5 px) along the radius, which makes
// the growth curve smooth. On pixel-integrated Gaussians this reads ~1 % above the true half-flux
// radius at σ = 1 px and < 0.5 % from σ = 2 px; FLUX_RADIUS's 2-D sub-pixel spreading reads ~3.8 % above at σ = 1.
const RADIAL_SPREAD_PX = 0.5;
const BIN_PX = 0.05;
// Aperture = 3.4 × half-flux radius, i.e. 4σ for a Gaussian (99.97 % of the light). Moffat wings
// reach further (it holds 97 % of a β = 3 star, whose HFR then reads 2 % small), but a wider
// aperture multiplies the noise of the sky estimate and takes in neighbours: HFR is a focus and
// seeing metric first, and frame-to-frame precision matters more than the last percent of wing.
const APERTURE_PER_HFR = 3.4;

/**
 * Measures one star near the integer position (`px`, `py`): windowed centroid, growth-curve
 * half-flux radius over a local annulus sky, windowed second moments (FWHM, eccentricity, angle),
 * flux, peak and SNR.
 * Returns null when there is no positive flux to measure.
 */
export function measureStar(
  image: AnalysisImage,
  px: number,
  py: number,
  context: StarContext,
): Star | null {
  const { width, height } = image;
  let cx = px;
  let cy = py;
  const first = firstMoment(image, px, py, 1, context.backgroundAdu);
  if (first) [cx, cy] = first;
  const maxRadius = Math.max(3, Math.min(64, context.maxRadiusPx ?? 64));
  let sky = context.backgroundAdu;
  let radius = Math.min(maxRadius, Math.max(4, Math.sqrt(context.areaPx / Math.PI) + 2));
  // A first local sky keeps stars on nebulae or galaxy halos from growing a runaway aperture.
  const firstSky = annulusSky(image, cx, cy, radius);
  if (firstSky !== null) sky = firstSky;
  let growth = growthCurve(image, cx, cy, radius, sky);
  if (!growth) return null;
  const windowSigma = Math.max(0.6, Math.min(radius / 3, (2 * growth.hfrPx) / 2.3548));
  [cx, cy] = windowedCentroid(image, cx, cy, windowSigma, sky);
  // Grow (or shrink) the aperture to ~3.4 half-flux radii; within 8 % the enclosed light is the same.
  let converged = false;
  for (let iteration = 0; iteration < 6 && !converged; iteration++) {
    const next = Math.min(maxRadius, Math.max(4, APERTURE_PER_HFR * growth.hfrPx));
    converged = Math.abs(next - radius) < 0.08 * radius;
    if (converged) break;
    radius = next;
    const again = growthCurve(image, cx, cy, radius, sky);
    if (!again) return null;
    growth = again;
  }
  const localSky = annulusSky(image, cx, cy, radius);
  let final = growth;
  if (localSky !== null && Math.abs(localSky - sky) > 0.01 * context.noiseAdu) {
    sky = localSky;
    const again = growthCurve(image, cx, cy, radius, sky);
    if (!again) return null;
    final = again;
  }
  const shape = windowedShape(image, cx, cy, windowSigma, sky);
  const capped = radius >= maxRadius && maxRadius < 64;
  let flags = (converged || capped) && radius < 64 ? 0 : StarFlag.UNSTABLE;
  if (
    cx - radius < -0.5 ||
    cy - radius < -0.5 ||
    cx + radius > width - 0.5 ||
    cy + radius > height - 0.5
  )
    flags |= StarFlag.EDGE;
  const core = Math.max(2, final.hfrPx);
  let peak = -Infinity;
  for (
    let y = Math.max(0, Math.round(cy - core));
    y <= Math.min(height - 1, Math.round(cy + core));
    y++
  ) {
    for (
      let x = Math.max(0, Math.round(cx - core));
      x <= Math.min(width - 1, Math.round(cx + core));
      x++
    ) {
      const value = image.data[y * width + x] as number;
      if (value >= context.saturationAdu) flags |= StarFlag.SATURATED;
      if (value > peak) peak = value;
    }
  }
  const shotVariance = context.gainEPerAdu ? Math.max(0, final.flux) / context.gainEPerAdu : 0;
  return {
    x: cx,
    y: cy,
    flux: final.flux,
    skyAdu: sky,
    peak: peak - sky,
    hfrPx: final.hfrPx,
    hfrMeanPx: final.meanRadiusPx,
    fwhmPx: shape.fwhmPx,
    eccentricity: shape.eccentricity,
    thetaDeg: shape.thetaDeg,
    snr: final.flux / Math.sqrt(final.pixels * context.noiseAdu * context.noiseAdu + shotVariance),
    flags,
  };
}

/**
 * Sky from a sigma-clipped annulus just outside the aperture: the mesh background is biased by a
 * few tenths of σ in crowded boxes, which a 4σ aperture would turn into a percent of HFR.
 */
let annulusScratch = new Float32Array(1024);

function annulusSky(image: AnalysisImage, cx: number, cy: number, radius: number): number | null {
  const inner = radius + 1;
  const outer = inner + 5;
  const { width, height, data } = image;
  const capacity = Math.ceil(Math.PI * (outer + 1) * (outer + 1)) + 16;
  if (annulusScratch.length < capacity) annulusScratch = new Float32Array(capacity);
  const values = annulusScratch;
  let count = 0;
  for (
    let y = Math.max(0, Math.floor(cy - outer));
    y <= Math.min(height - 1, Math.ceil(cy + outer));
    y++
  ) {
    const dy = y - cy;
    for (
      let x = Math.max(0, Math.floor(cx - outer));
      x <= Math.min(width - 1, Math.ceil(cx + outer));
      x++
    ) {
      const dx = x - cx;
      const r2 = dx * dx + dy * dy;
      // Every other pixel (checkerboard) is plenty for a clipped sky and halves the cost.
      if (((x + y) & 1) !== 0 || r2 < inner * inner || r2 > outer * outer) continue;
      const value = data[y * width + x] as number;
      // NaN (blank) pixels, e.g. outside a registered frame's footprint, are left out everywhere.
      if (value === value) values[count++] = value;
    }
  }
  if (count < 20) return null;
  return clippedStats(values.subarray(0, count), 3).mode;
}

function firstMoment(
  image: AnalysisImage,
  px: number,
  py: number,
  reach: number,
  sky: number,
): [number, number] | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = Math.max(0, py - reach); y <= Math.min(image.height - 1, py + reach); y++) {
    for (let x = Math.max(0, px - reach); x <= Math.min(image.width - 1, px + reach); x++) {
      const value = (image.data[y * image.width + x] as number) - sky;
      if (!(value > 0)) continue;
      sum += value;
      sx += value * x;
      sy += value * y;
    }
  }
  return sum > 0 ? [sx / sum, sy / sum] : null;
}

interface Growth {
  hfrPx: number;
  meanRadiusPx: number;
  flux: number;
  pixels: number;
}

let rampScratch = new Float64Array(512);
let directScratch = new Float64Array(512);

/** Half-flux radius from the radially spread growth curve inside `radius` around (cx, cy). */
export function growthCurve(
  image: AnalysisImage,
  cx: number,
  cy: number,
  radius: number,
  sky: number,
): Growth | null {
  const { width, height, data } = image;
  const h = RADIAL_SPREAD_PX;
  const bins = Math.ceil((radius + 2 * h) / BIN_PX) + 2;
  if (rampScratch.length < bins + 1) {
    rampScratch = new Float64Array(2 * bins);
    directScratch = new Float64Array(2 * bins);
  }
  const ramp = rampScratch;
  const direct = directScratch;
  ramp.fill(0, 0, bins + 1);
  direct.fill(0, 0, bins + 1);
  let total = 0;
  let radial = 0;
  let positive = 0;
  let pixels = 0;
  const reach = Math.ceil(radius + h);
  const y0 = Math.max(0, Math.floor(cy) - reach);
  const y1 = Math.min(height - 1, Math.ceil(cy) + reach);
  const x0 = Math.max(0, Math.floor(cx) - reach);
  const x1 = Math.min(width - 1, Math.ceil(cx) + reach);
  for (let y = y0; y <= y1; y++) {
    const dy = y - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const r = Math.sqrt(dx * dx + dy * dy);
      if (r - h >= radius) continue;
      const value = (data[y * width + x] as number) - sky;
      if (value !== value) continue;
      const lo = Math.max(0, r - h);
      const hi = r + h;
      const span = hi - lo;
      total += value * Math.min(1, Math.max(0, (radius - lo) / span));
      if (r <= radius) {
        pixels++;
        if (value > 0) {
          radial += r * value;
          positive += value;
        }
      }
      // Uniform density value/span over [lo, hi]: partial end bins directly, whole bins via a ramp.
      const density = value / span;
      const bLo = Math.floor(lo / BIN_PX);
      const bHi = Math.floor(hi / BIN_PX);
      if (bLo === bHi) {
        direct[bLo] = (direct[bLo] as number) + value;
        continue;
      }
      direct[bLo] = (direct[bLo] as number) + density * ((bLo + 1) * BIN_PX - lo);
      direct[bHi] = (direct[bHi] as number) + density * (hi - bHi * BIN_PX);
      ramp[bLo + 1] = (ramp[bLo + 1] as number) + density * BIN_PX;
      ramp[bHi] = (ramp[bHi] as number) - density * BIN_PX;
    }
  }
  if (!(total > 0)) return null;
  const half = 0.5 * total;
  let level = 0;
  let cumulative = 0;
  let hfrPx = radius;
  for (let b = 0; b < bins; b++) {
    level += ramp[b] as number;
    const mass = level + (direct[b] as number);
    if (cumulative + mass >= half && mass > 0) {
      hfrPx = (b + (half - cumulative) / mass) * BIN_PX;
      break;
    }
    cumulative += mass;
  }
  return { hfrPx, meanRadiusPx: positive > 0 ? radial / positive : hfrPx, flux: total, pixels };
}

interface WindowedMoments {
  sum: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/**
 * Sky-subtracted pixel moments about (cx, cy) under a Gaussian window of `sigma`, out to 4σ;
 * blank (NaN) pixels are skipped. The centroid uses the first moments, the shape the second.
 */
function windowedMoments(
  image: AnalysisImage,
  cx: number,
  cy: number,
  sigma: number,
  sky: number,
): WindowedMoments {
  const { width, height, data } = image;
  const reach = 4 * sigma;
  const inv = 1 / (2 * sigma * sigma);
  const m: WindowedMoments = { sum: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  for (
    let y = Math.max(0, Math.floor(cy - reach));
    y <= Math.min(height - 1, Math.ceil(cy + reach));
    y++
  ) {
    const dy = y - cy;
    for (
      let x = Math.max(0, Math.floor(cx - reach));
      x <= Math.min(width - 1, Math.ceil(cx + reach));
      x++
    ) {
      const dx = x - cx;
      const r2 = dx * dx + dy * dy;
      if (r2 > reach * reach) continue;
      const weighted = ((data[y * width + x] as number) - sky) * Math.exp(-r2 * inv);
      if (weighted !== weighted) continue;
      m.sum += weighted;
      m.sx += weighted * dx;
      m.sy += weighted * dy;
      m.sxx += weighted * dx * dx;
      m.syy += weighted * dy * dy;
      m.sxy += weighted * dx * dy;
    }
  }
  return m;
}

/** SExtractor-style windowed centroid: iterate towards the Gaussian-weighted first moment. */
function windowedCentroid(
  image: AnalysisImage,
  cx: number,
  cy: number,
  sigma: number,
  sky: number,
): [number, number] {
  for (let iteration = 0; iteration < 12; iteration++) {
    const { sum, sx, sy } = windowedMoments(image, cx, cy, sigma, sky);
    if (!(sum > 0)) break;
    // Factor 2 is the exact step for a Gaussian star as wide as the window; cap it to stay stable.
    const stepX = Math.max(-1, Math.min(1, (2 * sx) / sum));
    const stepY = Math.max(-1, Math.min(1, (2 * sy) / sum));
    cx += stepX;
    cy += stepY;
    if (stepX * stepX + stepY * stepY < 1e-6) break;
  }
  return [cx, cy];
}

/** Profile covariance from Gaussian-windowed moments with the window divided out. */
function windowedShape(
  image: AnalysisImage,
  cx: number,
  cy: number,
  sigma: number,
  sky: number,
): { fwhmPx: number; eccentricity: number; thetaDeg: number } {
  const { sum, sxx, syy, sxy } = windowedMoments(image, cx, cy, sigma, sky);
  const failed = { fwhmPx: Number.NaN, eccentricity: Number.NaN, thetaDeg: Number.NaN };
  if (!(sum > 0)) return failed;
  // For a Gaussian profile P and window W the weighted moments are (P⁻¹ + W⁻¹)⁻¹, so P = (M⁻¹ − W⁻¹)⁻¹.
  const mxx = sxx / sum;
  const myy = syy / sum;
  const mxy = sxy / sum;
  const det = mxx * myy - mxy * mxy;
  if (!(det > 0)) return failed;
  const w = 1 / (sigma * sigma);
  const ixx = myy / det - w;
  const iyy = mxx / det - w;
  const ixy = -mxy / det;
  const idet = ixx * iyy - ixy * ixy;
  if (!(idet > 0) || !(ixx > 0)) return failed;
  const pxx = iyy / idet;
  const pyy = ixx / idet;
  const pxy = -ixy / idet;
  const mean = 0.5 * (pxx + pyy);
  const spread = Math.sqrt(0.25 * (pxx - pyy) ** 2 + pxy * pxy);
  const major = mean + spread;
  const minor = Math.max(1e-12, mean - spread);
  const thetaDeg = (0.5 * Math.atan2(2 * pxy, pxx - pyy) * 180) / Math.PI;
  return {
    fwhmPx: 2.3548 * Math.sqrt(Math.sqrt(major * minor)),
    eccentricity: Math.sqrt(Math.max(0, 1 - minor / major)),
    thetaDeg: thetaDeg <= -90 ? thetaDeg + 180 : thetaDeg,
  };
}
