import { AstroError, ErrorCode } from '../errors/index.js';
import { measureBackground, type BackgroundOptions } from './background.js';
import { collapseBayer, parseBayerPattern } from './bayer.js';
import { detectStarsDetailed, type DetectOptions } from './detect-stars.js';
import { useFluxRadius, type HfrMethod } from './flux-radius.js';
import {
  StarFlag,
  type AnalysisChannel,
  type AnalysisImage,
  type FrameMeasurement,
  type FrameOptics,
  type Star,
} from './types.js';

export interface MeasureFrameOptions
  extends FrameOptics, BackgroundOptions, Omit<DetectOptions, 'saturationAdu' | 'gainEPerAdu'> {
  /** Keep the star list in the result (default false). */
  keepStars?: boolean;
  /** Colour frames: measure the 2×2 mean (default) or the green pixels. */
  colourChannel?: 'superpixel' | 'green';
  /** Stars below this SNR do not enter the frame medians (default 20) unless too few remain. */
  minSnrForStats?: number;
  /** What every star's `hfrPx` (and so the frame's) means; see {@link HfrMethod}. Default `sampled`. */
  hfrMethod?: HfrMethod;
}

/**
 * Measures a frame: background and noise, stars, and their median HFR (half-flux radius), FWHM
 * and eccentricity over unflagged stars, in pixels and, when pixel size and focal length are
 * known, in arcseconds. Colour (Bayer) frames are measured on a half-resolution 2×2 image and all
 * positions and sizes are given back in the original frame's pixels.
 *
 * @example
 * ```ts
 * const m = measureFrame({ width, height, data }, { pixelSizeUm: 3.76, focalLengthMm: 530, keepStars: true });
 * console.log(m.starCount, m.hfrPx, m.fwhmArcsec);
 * ```
 */
export function measureFrame(
  image: AnalysisImage,
  options: MeasureFrameOptions = {},
): FrameMeasurement {
  if (options.signal?.aborted)
    throw new AstroError(ErrorCode.ABORTED, 'frame analysis was cancelled', {
      cause: options.signal.reason,
    });
  const saturation = options.saturationAdu ?? clippingLevel(image, options.signal);
  const pattern = parseBayerPattern(options.bayerPattern);
  let channel: AnalysisChannel = 'mono';
  let working = image;
  let scale = 1;
  if (pattern) {
    channel = options.colourChannel ?? 'superpixel';
    working = collapseBayer(image, pattern, channel, saturation);
    scale = 2;
  }
  const background = measureBackground(working, options);
  const detection = detectStarsDetailed(working, background, {
    ...options,
    saturationAdu: saturation,
    gainEPerAdu: options.gainEPerAdu,
  });
  if (options.hfrMethod === 'source-extractor')
    useFluxRadius(working, detection.stars, background.meshPx, options.filterSigmaPx);
  const stars =
    scale === 1 ? detection.stars : detection.stars.map((star) => toFullResolution(star, scale));
  const pixelScale =
    options.pixelSizeUm && options.focalLengthMm
      ? (206.264806 * options.pixelSizeUm * (options.binning ?? 1)) / options.focalLengthMm
      : null;
  const minSnr = options.minSnrForStats ?? 20;
  flagExtended(stars, minSnr);
  let chosen = stars.filter((star) => star.flags === 0 && star.snr >= minSnr);
  if (chosen.length < 5) chosen = stars.filter((star) => star.flags === 0);
  const hfrPx = medianOf(chosen.map((star) => star.hfrPx));
  const fwhmPx = medianOf(chosen.map((star) => star.fwhmPx));
  const result: FrameMeasurement = {
    starCount: stars.length,
    hfrPx,
    fwhmPx,
    hfrArcsec: hfrPx !== null && pixelScale !== null ? hfrPx * pixelScale : null,
    fwhmArcsec: fwhmPx !== null && pixelScale !== null ? fwhmPx * pixelScale : null,
    eccentricity: medianOf(chosen.map((star) => star.eccentricity)),
    backgroundAdu: background.backgroundAdu,
    noiseAdu: background.noiseAdu,
    saturatedFraction: detection.saturatedPixels / (working.width * working.height),
    pixelScaleArcsecPerPx: pixelScale,
    channel,
  };
  if (options.keepStars) result.stars = stars;
  return result;
}

// Galaxies and bright halos (photographic plates) detect like stars but would pull the medians up;
// across one frame stars share a PSF, and field curvature or coma rarely widens them 1.5×.
const EXTENDED_FWHM_RATIO = 2;

function flagExtended(stars: Star[], minSnr: number): void {
  const typical = medianOf(
    stars.filter((star) => star.flags === 0 && star.snr >= minSnr).map((star) => star.fwhmPx),
  );
  if (typical === null) return;
  for (const star of stars)
    if (star.fwhmPx > EXTENDED_FWHM_RATIO * typical) star.flags |= StarFlag.EXTENDED;
}

/**
 * The saturation level when none is given: the frame's maximum if at least 3 pixels sit exactly
 * on it (clipped cores pile up there), else 65535 for 16-bit data, else none.
 */
export function clippingLevel(image: AnalysisImage, signal?: AbortSignal): number {
  const { data } = image;
  const total = image.width * image.height;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < total; i++) {
    const value = data[i] as number;
    if (value > max) {
      max = value;
      count = 1;
    } else if (value === max) count++;
    if ((i & 0xfffff) === 0 && signal?.aborted) {
      throw new AstroError(ErrorCode.ABORTED, 'frame analysis was cancelled', {
        cause: signal.reason,
      });
    }
  }
  if (count >= 3 && Number.isFinite(max)) return max;
  return data instanceof Uint16Array ? 65535 : Infinity;
}

// A super-pixel (i, j) covers original pixels 2i..2i+1, so its centre is at 2i + 0.5.
function toFullResolution(star: Star, scale: number): Star {
  return {
    ...star,
    x: star.x * scale + (scale - 1) / 2,
    y: star.y * scale + (scale - 1) / 2,
    flux: star.flux * scale * scale,
    hfrPx: star.hfrPx * scale,
    hfrMeanPx: star.hfrMeanPx * scale,
    fwhmPx: star.fwhmPx * scale,
  };
}

/** Median of the finite values, or null when there are none. */
export function medianOf(values: number[]): number | null {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1
    ? (finite[mid] as number)
    : 0.5 * ((finite[mid - 1] as number) + (finite[mid] as number));
}
