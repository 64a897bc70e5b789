import { AstroError, ErrorCode } from '../errors/index.js';
import {
  clippedStats,
  interpolateMeshAt,
  interpolateMeshRow,
  type BackgroundModel,
} from './background.js';
import { combineRows, filterPatch, filterRow, gaussianKernel } from './matched-filter.js';
import { measureStar } from './measure-star.js';
import { RunLabeler, type Component } from './run-labeler.js';
import { StarFlag, type AnalysisImage, type Star } from './types.js';

/** The matched filter's default width: a well-focused star of FWHM ~3.5 px. */
export const DEFAULT_FILTER_SIGMA_PX = 1.5;

export interface DetectOptions {
  /** Detection threshold in σ of the *filtered* sky noise (default 4). */
  thresholdSigma?: number;
  /** Minimum connected pixels above the threshold (default 5). */
  minAreaPx?: number;
  /** Sigma of the Gaussian matched filter (default 1.5 px). */
  filterSigmaPx?: number;
  /** Pixels at or above this are saturated (default: none). */
  saturationAdu?: number;
  gainEPerAdu?: number;
  /** Split components holding several significant peaks (default true). */
  deblend?: boolean;
  signal?: AbortSignal;
}

/** Detection result with the by-products {@link measureFrame} needs. */
export interface Detection {
  stars: Star[];
  saturatedPixels: number;
  /** σ of the filtered sky divided by σ of the raw sky (measured, so correlated noise is honoured). */
  filteredNoiseRatio: number;
}

/**
 * Finds and measures stars: Gaussian matched filter, threshold above the interpolated background,
 * 8-connected components of at least `minAreaPx`, peak-based deblending, hot-pixel rejection,
 * then {@link measureStar} on each peak. Streams the frame a row at a time (no full-size buffers).
 *
 * @example
 * ```ts
 * const background = measureBackground(image);
 * const stars = detectStars(image, background, { thresholdSigma: 5 });
 * ```
 */
export function detectStars(
  image: AnalysisImage,
  background: BackgroundModel,
  options: DetectOptions = {},
): Star[] {
  return detectStarsDetailed(image, background, options).stars;
}

/** {@link detectStars} plus the saturated-pixel count and the filter's noise ratio. */
export function detectStarsDetailed(
  image: AnalysisImage,
  background: BackgroundModel,
  options: DetectOptions = {},
): Detection {
  const { width, height, data } = image;
  const thresholdSigma = options.thresholdSigma ?? 4;
  const minArea = options.minAreaPx ?? 5;
  const saturation = options.saturationAdu ?? Infinity;
  const kernel = gaussianKernel(options.filterSigmaPx ?? DEFAULT_FILTER_SIGMA_PX);
  const reach = (kernel.length - 1) / 2;
  const taps = kernel.length;
  const noiseRatio = measureFilteredNoiseRatio(image, background, kernel);

  const ring = Array.from({ length: taps }, () => new Float32Array(width));
  const padded = new Float32Array(width + 2 * reach);
  const filtered = new Float32Array(width);
  const thresholdRow = new Float32Array(width);
  const rows: Float32Array[] = new Array<Float32Array>(taps);
  // Interpolation is linear, so interpolating sky + k·rms once equals doing both separately.
  const thresholdGrid = new Float32Array(background.map.length);
  for (let i = 0; i < thresholdGrid.length; i++) {
    thresholdGrid[i] =
      (background.map[i] as number) + thresholdSigma * noiseRatio * (background.rms[i] as number);
  }
  const labeler = new RunLabeler();
  let saturatedPixels = 0;
  let computedRows = 0;

  for (let y = 0; y < height; y++) {
    if ((y & 63) === 0 && options.signal?.aborted) {
      throw new AstroError(ErrorCode.ABORTED, 'star detection was cancelled', {
        cause: options.signal.reason,
      });
    }
    while (computedRows <= Math.min(height - 1, y + reach)) {
      saturatedPixels += loadPaddedRow(
        data,
        computedRows * width,
        width,
        reach,
        padded,
        saturation,
      );
      filterRow(padded, ring[computedRows % taps] as Float32Array, width, kernel);
      computedRows++;
    }
    for (let k = -reach; k <= reach; k++)
      rows[k + reach] = ring[Math.min(height - 1, Math.max(0, y + k)) % taps] as Float32Array;
    combineRows(rows, filtered, width, kernel);
    interpolateMeshRow(background, thresholdGrid, y, thresholdRow);
    labeler.beginRow();
    let runStart = -1;
    for (let x = 0; x < width; x++) {
      const above = (filtered[x] as number) > (thresholdRow[x] as number);
      if (above && runStart < 0) runStart = x;
      else if (!above && runStart >= 0) {
        labeler.addRun(y, runStart, x - 1);
        runStart = -1;
      }
    }
    if (runStart >= 0) labeler.addRun(y, runStart, width - 1);
  }

  const stars: Star[] = [];
  for (const component of labeler.components(minArea)) {
    if (options.signal?.aborted)
      throw new AstroError(ErrorCode.ABORTED, 'star detection was cancelled', {
        cause: options.signal.reason,
      });
    const peaks = componentPeaks(
      image,
      background,
      labeler,
      component,
      kernel,
      noiseRatio,
      options.deblend ?? true,
    );
    for (const [px, py] of peaks) {
      let nearest = Infinity;
      for (const [qx, qy] of peaks)
        if (qx !== px || qy !== py) nearest = Math.min(nearest, Math.hypot(qx - px, qy - py));
      const sky = interpolateMeshAt(background, background.map, px, py);
      const noise = interpolateMeshAt(background, background.rms, px, py);
      if (isHotPixel(image, px, py, sky, noise)) continue;
      const star = measureStar(image, px, py, {
        backgroundAdu: sky,
        noiseAdu: noise,
        saturationAdu: saturation,
        gainEPerAdu: options.gainEPerAdu,
        areaPx: component.areaPx / peaks.length,
        maxRadiusPx: nearest / 2,
      });
      if (!star || !(star.hfrPx > 0.3) || !Number.isFinite(star.x) || !Number.isFinite(star.y))
        continue;
      if (peaks.length > 1) star.flags |= StarFlag.BLENDED;
      if (stars.some((other) => Math.abs(other.x - star.x) < 1 && Math.abs(other.y - star.y) < 1))
        continue;
      stars.push(star);
    }
  }
  return { stars, saturatedPixels, filteredNoiseRatio: noiseRatio };
}

// Filter a few sky patches and compare clipped σ before and after: with uncorrelated noise this is
// Σk², but debayered or binned data have correlated noise and a higher ratio.
function measureFilteredNoiseRatio(
  image: AnalysisImage,
  background: BackgroundModel,
  kernel: Float32Array,
): number {
  const reach = (kernel.length - 1) / 2;
  let theoretical = 0;
  for (const value of kernel) theoretical += value * value;
  const size = Math.min(64, image.width, image.height);
  if (size <= 4 * reach + 8) return theoretical;
  const ratios: number[] = [];
  const picks = [0.2, 0.5, 0.8];
  const patch = new Float32Array(size * size);
  const inner = size - 2 * reach;
  const raw = new Float32Array(inner * inner);
  const smooth = new Float32Array(inner * inner);
  for (const fy of picks) {
    for (const fx of picks) {
      const x0 = Math.min(image.width - size, Math.max(0, Math.round(fx * image.width - size / 2)));
      const y0 = Math.min(
        image.height - size,
        Math.max(0, Math.round(fy * image.height - size / 2)),
      );
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          patch[y * size + x] = image.data[(y0 + y) * image.width + x0 + x] as number;
      for (let y = 0; y < inner; y++)
        for (let x = 0; x < inner; x++)
          raw[y * inner + x] = patch[(y + reach) * size + x + reach] as number;
      filterPatch(patch, size, size, kernel);
      for (let y = 0; y < inner; y++)
        for (let x = 0; x < inner; x++)
          smooth[y * inner + x] = patch[(y + reach) * size + x + reach] as number;
      const rawSigma = clippedStats(raw, 3).sigma;
      const smoothSigma = clippedStats(smooth, 3).sigma;
      if (rawSigma > 0 && smoothSigma > 0) ratios.push(smoothSigma / rawSigma);
    }
  }
  if (ratios.length === 0) return theoretical;
  ratios.sort((a, b) => a - b);
  // Never trust a measurement below the white-noise value: quantised or clipped skies read low.
  return Math.max(theoretical, ratios[ratios.length >> 1] as number);
}

/** Copies one image row into `padded` with `reach` edge copies each side; returns its saturated pixels. */
function loadPaddedRow(
  data: ArrayLike<number>,
  offset: number,
  width: number,
  reach: number,
  padded: Float32Array,
  saturation: number,
): number {
  let saturated = 0;
  for (let x = 0; x < width; x++) {
    const value = data[offset + x] as number;
    if (value >= saturation) saturated++;
    padded[x + reach] = value;
  }
  const firstValue = padded[reach] as number;
  const lastValue = padded[width + reach - 1] as number;
  for (let k = 0; k < reach; k++) {
    padded[k] = firstValue;
    padded[width + reach + k] = lastValue;
  }
  return saturated;
}

/** Significant local maxima of the filtered image inside a component, brightest first. */
function componentPeaks(
  image: AnalysisImage,
  background: BackgroundModel,
  labeler: RunLabeler,
  component: Component,
  kernel: Float32Array,
  noiseRatio: number,
  deblend: boolean,
): Array<[number, number]> {
  const reach = (kernel.length - 1) / 2;
  const px0 = Math.max(0, component.x0 - reach);
  const py0 = Math.max(0, component.y0 - reach);
  const w = Math.min(image.width - 1, component.x1 + reach) - px0 + 1;
  const h = Math.min(image.height - 1, component.y1 + reach) - py0 + 1;
  const patch = new Float32Array(w * h);
  const mask = new Uint8Array(w * h);
  const cx = (component.x0 + component.x1) / 2;
  const cy = (component.y0 + component.y1) / 2;
  const sky = interpolateMeshAt(background, background.map, cx, cy);
  const noise = interpolateMeshAt(background, background.rms, cx, cy) * noiseRatio;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      patch[y * w + x] = (image.data[(py0 + y) * image.width + px0 + x] as number) - sky;
  filterPatch(patch, w, h, kernel);
  for (const run of component.runs) {
    const y = (labeler.y.values[run] as number) - py0;
    for (
      let x = (labeler.x0.values[run] as number) - px0;
      x <= (labeler.x1.values[run] as number) - px0;
      x++
    )
      mask[y * w + x] = 1;
  }
  const candidates: Array<{ x: number; y: number; value: number }> = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      const value = patch[y * w + x] as number;
      let isMax = true;
      for (let dy = -1; dy <= 1 && isMax; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || x + dx < 0 || y + dy < 0 || x + dx >= w || y + dy >= h)
            continue;
          const other = patch[(y + dy) * w + x + dx] as number;
          // Ties go to the first pixel in scan order so a flat top yields one peak.
          if (other > value || (other === value && (dy < 0 || (dy === 0 && dx < 0)))) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) candidates.push({ x, y, value });
    }
  }
  candidates.sort((a, b) => b.value - a.value);
  const kept = candidates.slice(0, 1);
  if (deblend) {
    for (const candidate of candidates.slice(1, 64)) {
      const significant = kept.every((peak) => {
        const distance = Math.hypot(peak.x - candidate.x, peak.y - candidate.y);
        if (distance < 2.5) return false;
        let saddle = candidate.value;
        const steps = Math.ceil(distance * 2);
        for (let s = 1; s < steps; s++) {
          const t = s / steps;
          const sx = Math.round(candidate.x + (peak.x - candidate.x) * t);
          const sy = Math.round(candidate.y + (peak.y - candidate.y) * t);
          saddle = Math.min(saddle, patch[sy * w + sx] as number);
        }
        return candidate.value - saddle >= Math.max(5 * noise, 0.15 * candidate.value);
      });
      if (significant) kept.push(candidate);
    }
  }
  return kept.map((peak) => [peak.x + px0, peak.y + py0]);
}

// A hot pixel is a lone bright pixel: its 8 neighbours hold almost none of its excess, while even
// an undersampled star (σ ≈ 0.7 px) keeps about a third of its peak in the neighbours.
function isHotPixel(
  image: AnalysisImage,
  px: number,
  py: number,
  sky: number,
  noise: number,
): boolean {
  const { width, height, data } = image;
  let bx = px;
  let by = py;
  let best = -Infinity;
  for (let y = Math.max(0, py - 1); y <= Math.min(height - 1, py + 1); y++) {
    for (let x = Math.max(0, px - 1); x <= Math.min(width - 1, px + 1); x++) {
      const value = data[y * width + x] as number;
      if (value > best) [best, bx, by] = [value, x, y];
    }
  }
  const peak = best - sky;
  if (!(peak > 5 * noise)) return false;
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, by - 1); y <= Math.min(height - 1, by + 1); y++) {
    for (let x = Math.max(0, bx - 1); x <= Math.min(width - 1, bx + 1); x++) {
      if (x === bx && y === by) continue;
      sum += (data[y * width + x] as number) - sky;
      count++;
    }
  }
  // A hot pixel sitting on a star still leaves the star's light in the neighbours: keep those.
  return count > 0 && sum / count < Math.min(0.15 * peak, 3 * noise);
}
