import { AstroError, ErrorCode } from '../errors/index.js';
import { erf, gaussianRandom, seededRandom } from './random.js';

/** One star to render; `sigmaPx` falls back to the frame's `sigmaPx`. */
export interface SyntheticStar {
  x: number;
  y: number;
  /** Total flux in ADU above the sky. */
  flux: number;
  sigmaPx?: number;
  /** Minor-axis sigma for an elliptical star (major axis is `sigmaPx`). */
  sigmaMinorPx?: number;
  /** Major-axis angle in degrees from +x towards +y. */
  thetaDeg?: number;
}

export interface SyntheticFrameSpec {
  width: number;
  height: number;
  stars: SyntheticStar[];
  sigmaPx: number;
  skyAdu: number;
  readNoiseE: number;
  gainEPerAdu: number;
  seed: number;
  /** Constant offset added before quantisation. */
  biasAdu?: number;
  /** Hot pixels at random places, each at this value (default 0: none). */
  hotPixelCount?: number;
  hotPixelAdu?: number;
  /** Clip level of the 16-bit output (default 65535). */
  saturationAdu?: number;
}

/** What was rendered, for scoring a detector. */
export interface TrueStar {
  x: number;
  y: number;
  flux: number;
  sigmaPx: number;
  /** Half-flux radius of the pixel-integrated Gaussian: 1.1774·√(σ² + 1/12). */
  hfrPx: number;
  /** PSF-limited SNR: flux / √(flux/gain + 4π(σ²+1/12)·noise²) with noise the sky+read noise per pixel in ADU. */
  snr: number;
}

/**
 * Renders a 16-bit frame of pixel-integrated Gaussian stars on a flat sky, with shot noise
 * (Gaussian approximation) and read noise, deterministically from `seed`.
 *
 * @example
 * ```ts
 * const { data, truth } = renderSyntheticFrame({ width: 256, height: 256, stars: [{ x: 100.3, y: 80.7, flux: 5e4 }],
 *   sigmaPx: 2, skyAdu: 500, readNoiseE: 3, gainEPerAdu: 1, seed: 1 });
 * ```
 */
export function renderSyntheticFrame(spec: SyntheticFrameSpec): {
  data: Uint16Array;
  truth: TrueStar[];
} {
  const { width, height, gainEPerAdu } = spec;
  if (!(width > 0 && height > 0 && gainEPerAdu > 0 && spec.sigmaPx > 0)) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      'synthetic frame needs positive width, height, gain and sigma',
    );
  }
  const signal = new Float64Array(width * height);
  const truth: TrueStar[] = [];
  const skyNoiseAdu = Math.sqrt(spec.skyAdu / gainEPerAdu + (spec.readNoiseE / gainEPerAdu) ** 2);
  for (const star of spec.stars) {
    const sigma = star.sigmaPx ?? spec.sigmaPx;
    if (star.sigmaMinorPx !== undefined && star.sigmaMinorPx !== sigma)
      addEllipticalStar(signal, width, height, star, sigma);
    else addRoundStar(signal, width, height, star, sigma);
    const variance = sigma * sigma + 1 / 12;
    truth.push({
      x: star.x,
      y: star.y,
      flux: star.flux,
      sigmaPx: sigma,
      hfrPx: 1.1774 * Math.sqrt(variance),
      snr:
        star.flux /
        Math.sqrt(star.flux / gainEPerAdu + 4 * Math.PI * variance * skyNoiseAdu * skyNoiseAdu),
    });
  }
  const uniform = seededRandom(spec.seed);
  const normal = gaussianRandom(uniform);
  const readNoiseAdu = spec.readNoiseE / gainEPerAdu;
  const clip = spec.saturationAdu ?? 65535;
  const bias = spec.biasAdu ?? 0;
  const data = new Uint16Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const mean = spec.skyAdu + (signal[i] ?? 0);
    const value =
      bias + mean + normal() * Math.sqrt(mean / gainEPerAdu + readNoiseAdu * readNoiseAdu);
    data[i] = Math.max(0, Math.min(clip, Math.round(value)));
  }
  for (let k = 0; k < (spec.hotPixelCount ?? 0); k++) {
    data[Math.floor(uniform() * data.length)] = Math.min(clip, spec.hotPixelAdu ?? clip);
  }
  return { data, truth };
}

function addRoundStar(
  signal: Float64Array,
  width: number,
  height: number,
  star: SyntheticStar,
  sigma: number,
): void {
  const reach = Math.ceil(6 * sigma) + 1;
  const x0 = Math.max(0, Math.floor(star.x) - reach);
  const x1 = Math.min(width - 1, Math.floor(star.x) + reach);
  const y0 = Math.max(0, Math.floor(star.y) - reach);
  const y1 = Math.min(height - 1, Math.floor(star.y) + reach);
  const scale = Math.SQRT2 * sigma;
  const fx = new Float64Array(x1 - x0 + 1);
  for (let x = x0; x <= x1; x++)
    fx[x - x0] = 0.5 * (erf((x + 0.5 - star.x) / scale) - erf((x - 0.5 - star.x) / scale));
  for (let y = y0; y <= y1; y++) {
    const fy =
      star.flux * 0.5 * (erf((y + 0.5 - star.y) / scale) - erf((y - 0.5 - star.y) / scale));
    const row = y * width;
    for (let x = x0; x <= x1; x++)
      signal[row + x] = (signal[row + x] ?? 0) + fy * (fx[x - x0] ?? 0);
  }
}

// An elliptical Gaussian is not separable in x/y, so it is integrated over 8×8 sub-pixels.
function addEllipticalStar(
  signal: Float64Array,
  width: number,
  height: number,
  star: SyntheticStar,
  sigma: number,
): void {
  const minor = star.sigmaMinorPx ?? sigma;
  const theta = ((star.thetaDeg ?? 0) * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const reach = Math.ceil(6 * Math.max(sigma, minor)) + 1;
  const sub = 8;
  const norm = star.flux / (2 * Math.PI * sigma * minor * sub * sub);
  for (
    let y = Math.max(0, Math.floor(star.y) - reach);
    y <= Math.min(height - 1, Math.floor(star.y) + reach);
    y++
  ) {
    for (
      let x = Math.max(0, Math.floor(star.x) - reach);
      x <= Math.min(width - 1, Math.floor(star.x) + reach);
      x++
    ) {
      let sum = 0;
      for (let j = 0; j < sub; j++) {
        const dy = y - 0.5 + (j + 0.5) / sub - star.y;
        for (let i = 0; i < sub; i++) {
          const dx = x - 0.5 + (i + 0.5) / sub - star.x;
          const u = (dx * cos + dy * sin) / sigma;
          const v = (-dx * sin + dy * cos) / minor;
          sum += Math.exp(-0.5 * (u * u + v * v));
        }
      }
      signal[y * width + x] = (signal[y * width + x] ?? 0) + sum * norm;
    }
  }
}

/**
 * Scatters `count` stars with log-uniform fluxes, kept `marginPx` from the edges and at least
 * `minSeparationPx` apart, deterministically from `seed`.
 */
export function randomStarField(options: {
  width: number;
  height: number;
  count: number;
  fluxMin: number;
  fluxMax: number;
  seed: number;
  marginPx?: number;
  minSeparationPx?: number;
}): SyntheticStar[] {
  const uniform = seededRandom(options.seed);
  const margin = options.marginPx ?? 16;
  const separation = options.minSeparationPx ?? 0;
  const stars: SyntheticStar[] = [];
  for (let attempt = 0; stars.length < options.count && attempt < options.count * 50; attempt++) {
    const x = margin + uniform() * (options.width - 1 - 2 * margin);
    const y = margin + uniform() * (options.height - 1 - 2 * margin);
    const flux = options.fluxMin * Math.pow(options.fluxMax / options.fluxMin, uniform());
    if (stars.some((s) => Math.hypot(s.x - x, s.y - y) < separation)) continue;
    stars.push({ x, y, flux });
  }
  return stars;
}
