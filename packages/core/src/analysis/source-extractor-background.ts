import { AstroError, ErrorCode } from '../errors/index.js';
import { median } from './background.js';
import type { AnalysisImage } from './types.js';

/**
 * The background source-extractor measures (its defaults: BACK_FILTERSIZE 3, BACK_FILTTHRESH 0,
 * BACK_PEARSON 2.5), rebuilt from its definition so that `hfrMethod: 'source-extractor'` measures
 * over the same sky: meshes of `meshPx` from the frame's origin (the last ones partial), each
 * estimated from a quantised histogram (2σ pre-clip, then a 3σ clipping loop around the median,
 * then 2.5·median − 1.5·mean unless the histogram is skewed), a 3×3 median filter that narrows at
 * the map's edges, and natural bicubic splines between the mesh centres.
 *
 * Our own {@link measureBackground} is faster and reads the whole frame's sky just as well; this
 * one exists only to reproduce the other tool's numbers, which move with its sky (a 0.3σ sky
 * difference under a faint star's Kron aperture changes its FLUX_RADIUS by tens of per cent).
 */
export class SourceExtractorBackground {
  /** Median of the meshes' noise after filtering: source-extractor's detection unit. */
  readonly noiseAdu: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly level: Float32Array;
  /** Second derivatives of `level` along y, over 6 (natural spline, one per mesh column). */
  private readonly levelY2: Float32Array;
  private readonly node: Float64Array;
  private readonly nodeX2: Float64Array;
  private nodeRow = Number.NaN;

  constructor(
    image: AnalysisImage,
    private readonly meshPx: number,
  ) {
    const { width, height } = image;
    if (!(meshPx >= 1) || !(width > 0 && height > 0) || image.data.length < width * height)
      throw new AstroError(
        ErrorCode.INVALID_ARGUMENT,
        `cannot measure a ${width}×${height} image's background in ${meshPx}-pixel meshes`,
      );
    this.nx = Math.floor((width - 1) / meshPx) + 1;
    this.ny = Math.floor((height - 1) / meshPx) + 1;
    const level = new Float32Array(this.nx * this.ny);
    const noise = new Float32Array(this.nx * this.ny);
    for (let j = 0; j < this.ny; j++)
      for (let i = 0; i < this.nx; i++) {
        const estimate = meshEstimate(image, i * meshPx, j * meshPx, meshPx);
        level[j * this.nx + i] = estimate ? estimate.level : Number.NaN;
        noise[j * this.nx + i] = estimate ? estimate.noise : Number.NaN;
      }
    fillBadMeshes(level, noise, this.nx, this.ny);
    this.level = medianFiltered(level, this.nx, this.ny);
    const filteredNoise = medianFiltered(noise, this.nx, this.ny);
    this.noiseAdu = median(filteredNoise);
    this.levelY2 = new Float32Array(this.level.length);
    const column = new Float64Array(this.ny);
    for (let i = 0; i < this.nx; i++) {
      for (let j = 0; j < this.ny; j++) column[j] = this.level[j * this.nx + i] as number;
      const second = splineSecondDerivatives(column);
      for (let j = 0; j < this.ny; j++) this.levelY2[j * this.nx + i] = second[j] as number;
    }
    this.node = new Float64Array(this.nx);
    this.nodeX2 = new Float64Array(this.nx);
  }

  /** The sky at pixel (x, y), 0-based. */
  at(x: number, y: number): number {
    this.prepareRow(y);
    if (this.nx === 1) return this.node[0] as number;
    const [k, t] = segment((x + 0.5) / this.meshPx - 0.5, this.nx);
    return splineValue(this.node, this.nodeX2, k, t);
  }

  /** Interpolates the meshes of row `y` at the mesh columns, then their spline along x. */
  private prepareRow(y: number): void {
    if (y === this.nodeRow) return;
    this.nodeRow = y;
    const { nx, ny } = this;
    if (ny === 1) this.node.set(this.level);
    else {
      // source-extractor places row nodes at y/meshPx − 0.5 (no half-pixel shift, unlike x).
      const [k, t] = segment(y / this.meshPx - 0.5, ny);
      const c = 1 - t;
      for (let i = 0; i < nx; i++) {
        const lo = k * nx + i;
        const hi = lo + nx;
        this.node[i] =
          c * (this.level[lo] as number) +
          t * (this.level[hi] as number) +
          (c * c * c - c) * (this.levelY2[lo] as number) +
          (t * t * t - t) * (this.levelY2[hi] as number);
      }
    }
    this.nodeX2.set(splineSecondDerivatives(this.node));
  }
}

/** The spline segment [k, k + 1] holding position `u` (node units) and the offset in it. */
function segment(u: number, count: number): [number, number] {
  const k = Math.min(count - 2, Math.max(0, Math.trunc(u)));
  return [k, u - k];
}

function splineValue(values: Float64Array, second: Float64Array, k: number, t: number): number {
  const c = 1 - t;
  return (
    c * ((values[k] as number) + (c * c - 1) * (second[k] as number)) +
    t * ((values[k + 1] as number) + (t * t - 1) * (second[k + 1] as number))
  );
}

/**
 * Second derivatives over 6 of the cubic spline through `values` at unit spacing, zero at both
 * ends, by source-extractor's recurrence. Its back-substitution divides by 6 at every step (so
 * for four or more nodes it is not exactly the natural spline); we follow it, since the point is
 * to reproduce its sky: a textbook spline differs from its map by up to 0.6 ADU on comp.fits.
 */
function splineSecondDerivatives(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const second = new Float64Array(n);
  if (n < 3) return second;
  const u = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const c = -1 / ((second[i - 1] as number) + 4);
    second[i] = c;
    u[i] =
      c *
      ((u[i - 1] as number) -
        6 * ((values[i + 1] as number) + (values[i - 1] as number) - 2 * (values[i] as number)));
  }
  second[n - 1] = 0;
  for (let i = n - 2; i >= 1; i--)
    second[i] = ((second[i] as number) * (second[i + 1] as number) + (u[i] as number)) / 6;
  return second;
}

// The histogram spans ±5σ with about 0.8 levels per pixel, at most 4096 levels.
const HISTOGRAM_SIGMAS = 5;
const MAX_LEVELS = 4096;
const LEVELS_PER_PIXEL = (Math.sqrt(2 / Math.PI) * HISTOGRAM_SIGMAS) / 4;

/** One mesh's sky and noise, or null when fewer than half its pixels are usable. */
function meshEstimate(
  image: AnalysisImage,
  x0: number,
  y0: number,
  meshPx: number,
): { level: number; noise: number } | null {
  const { width, data } = image;
  const x1 = Math.min(width, x0 + meshPx);
  const y1 = Math.min(image.height, y0 + meshPx);
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const value = data[y * width + x] as number;
      if (value !== value) continue;
      count++;
      sum += value;
      squares += value * value;
    }
  if (count < 0.5 * (x1 - x0) * (y1 - y0)) return null;
  let mean = sum / count;
  let sigma = Math.sqrt(Math.max(0, squares / count - mean * mean));
  // source-extractor keeps the cuts in single precision.
  const low = Math.fround(mean - 2 * sigma);
  const high = Math.fround(mean + 2 * sigma);
  count = 0;
  sum = 0;
  squares = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const value = data[y * width + x] as number;
      if (!(value >= low && value <= high)) continue;
      count++;
      sum += value;
      squares += value * value;
    }
  mean = sum / count;
  sigma = Math.sqrt(Math.max(0, squares / count - mean * mean));
  const levels = Math.min(MAX_LEVELS, Math.trunc(LEVELS_PER_PIXEL * count + 1));
  const scale = sigma > 0 ? (2 * HISTOGRAM_SIGMAS * sigma) / levels : 1;
  const zero = mean - HISTOGRAM_SIGMAS * sigma;
  const histogram = new Float64Array(levels);
  const offset = 0.499999 - zero / scale;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const value = data[y * width + x] as number;
      if (value !== value) continue;
      const bin = Math.trunc(value / scale + offset);
      if (bin >= 0 && bin < levels) histogram[bin] = (histogram[bin] as number) + 1;
    }
  const { level, noise } = histogramMode(histogram);
  return { level: zero + level * scale, noise: noise * scale };
}

/**
 * Clips the histogram at ±3σ around its median until σ settles, then takes the mode as
 * 2.5·median − 1.5·mean, or the median when the two differ by 0.3σ or more (crowded meshes).
 * Both results are in histogram levels.
 */
function histogramMode(histogram: Float64Array): { level: number; noise: number } {
  const last = histogram.length - 1;
  let low = 0;
  let high = last;
  let sigma = 10 * last;
  let previousSigma = 1;
  let mean = 0;
  let median = 0;
  for (
    let round = 0;
    round < 100 && sigma >= 0.1 && Math.abs(sigma / previousSigma - 1) > 1e-4;
    round++
  ) {
    previousSigma = sigma;
    let sum = 0;
    let moment = 0;
    let squares = 0;
    let lowSum = 0;
    let highSum = 0;
    let lowIndex = low;
    let highIndex = high;
    // Walk in from both ends at once; where they meet is the median.
    for (let i = low; i <= high; i++) {
      if (lowSum < highSum) lowSum += histogram[lowIndex++] as number;
      else highSum += histogram[highIndex--] as number;
      const count = histogram[i] as number;
      sum += count;
      moment += count * i;
      squares += count * i * i;
    }
    const peak = Math.max(histogram[lowIndex] ?? 0, histogram[highIndex] ?? 0) || 1;
    median = highIndex >= 0 ? highIndex + 0.5 + (highSum - lowSum) / (2 * peak) : 0;
    if (sum > 0) {
      mean = moment / sum;
      squares = squares / sum - mean * mean;
    }
    sigma = squares > 0 ? Math.sqrt(squares) : 0;
    const lowCut = median - 3 * sigma;
    const highCut = median + 3 * sigma;
    low = lowCut > 0 ? Math.trunc(lowCut + 0.5) : 0;
    high =
      highCut < last ? (highCut > 0 ? Math.trunc(highCut + 0.5) : Math.trunc(highCut - 0.5)) : last;
  }
  const level =
    sigma > 0
      ? Math.abs((mean - median) / sigma) < 0.3
        ? 2.5 * median - 1.5 * mean
        : median
      : mean;
  return { level, noise: sigma };
}

/** Unusable meshes take the mean of the nearest usable ones. */
function fillBadMeshes(level: Float32Array, noise: Float32Array, nx: number, ny: number): void {
  const original = Float32Array.from(level);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      if (!Number.isNaN(original[j * nx + i] as number)) continue;
      let best = Infinity;
      let levelSum = 0;
      let noiseSum = 0;
      let count = 0;
      for (let q = 0; q < ny; q++)
        for (let p = 0; p < nx; p++) {
          const value = original[q * nx + p] as number;
          if (Number.isNaN(value)) continue;
          const d2 = (p - i) ** 2 + (q - j) ** 2;
          if (d2 < best) [best, levelSum, noiseSum, count] = [d2, 0, 0, 0];
          if (d2 === best) {
            levelSum += value;
            noiseSum += noise[q * nx + p] as number;
            count++;
          }
        }
      level[j * nx + i] = count > 0 ? levelSum / count : 0;
      noise[j * nx + i] = count > 0 ? noiseSum / count : 1;
    }
}

/** 3×3 median filter whose window shrinks symmetrically at the edges (corners stay as they are). */
function medianFiltered(grid: Float32Array, nx: number, ny: number): Float32Array {
  const out = new Float32Array(grid.length);
  const window = new Float32Array(9);
  for (let j = 0; j < ny; j++) {
    const ry = Math.min(1, j, ny - 1 - j);
    for (let i = 0; i < nx; i++) {
      const rx = Math.min(1, i, nx - 1 - i);
      let n = 0;
      for (let q = j - ry; q <= j + ry; q++)
        for (let p = i - rx; p <= i + rx; p++) window[n++] = grid[q * nx + p] as number;
      out[j * nx + i] = median(window.subarray(0, n));
    }
  }
  return out;
}
