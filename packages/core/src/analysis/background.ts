import { AstroError, ErrorCode } from '../errors/index.js';
import type { AnalysisImage } from './types.js';

/** Sky level and noise on a coarse mesh; full-resolution values come from {@link interpolateMeshRow}. */
export interface BackgroundModel {
  /** Sky level per mesh box, row-major `meshX × meshY` (median-filtered). */
  map: Float32Array;
  /** Sky noise (1σ, ADU) per mesh box, same layout. */
  rms: Float32Array;
  meshX: number;
  meshY: number;
  meshPx: number;
  width: number;
  height: number;
  /** Median of the mesh sky levels. */
  backgroundAdu: number;
  /** Median of the mesh noise values. */
  noiseAdu: number;
}

export interface BackgroundOptions {
  /** Mesh box size in pixels (default 64 like SExtractor's BACK_SIZE; smaller on frames under 192 px). */
  meshPx?: number;
  /** Sigma-clipping limit (default 3). */
  clipSigma?: number;
  /** Size of the median filter over mesh boxes (default 3; 1 disables). */
  filterSize?: number;
}

/**
 * Estimates the sky per mesh box by iterative sigma clipping around the median and SExtractor's
 * mode estimate (2.5·median − 1.5·mean, or the median when the box is crowded), then median-filters
 * the mesh. Large boxes are sampled on every second pixel, which keeps the estimate within a few
 * tenths of a per cent of the noise while reading a quarter of the frame.
 *
 * @example
 * ```ts
 * const background = measureBackground({ width, height, data });
 * console.log(background.backgroundAdu, background.noiseAdu);
 * ```
 */
export function measureBackground(
  image: AnalysisImage,
  options: BackgroundOptions = {},
): BackgroundModel {
  const { width, height, data } = image;
  const meshPx = Math.max(8, Math.round(options.meshPx ?? defaultMeshPx(width, height)));
  const clipSigma = options.clipSigma ?? 3;
  if (!(width > 0 && height > 0) || data.length < width * height) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `image data (${data.length}) does not fill ${width}×${height}`,
    );
  }
  const meshX = Math.max(1, Math.round(width / meshPx));
  const meshY = Math.max(1, Math.round(height / meshPx));
  const map = new Float32Array(meshX * meshY);
  const rms = new Float32Array(meshX * meshY);
  // About 500 samples per box pin the sky to ~0.05σ; reading every pixel would double the cost.
  const stride = Math.max(1, Math.round(meshPx / 24));
  const scratch = new Float32Array(Math.ceil((meshPx * 2) / stride + 1) ** 2);
  for (let j = 0; j < meshY; j++) {
    const y0 = Math.floor((j * height) / meshY);
    const y1 = Math.floor(((j + 1) * height) / meshY);
    for (let i = 0; i < meshX; i++) {
      const x0 = Math.floor((i * width) / meshX);
      const x1 = Math.floor(((i + 1) * width) / meshX);
      let n = 0;
      for (let y = y0; y < y1; y += stride) {
        const row = y * width;
        for (let x = x0; x < x1; x += stride) {
          const value = data[row + x] as number;
          if (value === value) scratch[n++] = value;
        }
      }
      const stats = clippedStats(scratch.subarray(0, n), clipSigma);
      map[j * meshX + i] = stats.mode;
      rms[j * meshX + i] = stats.sigma;
    }
  }
  const filterSize = options.filterSize ?? 3;
  const smoothMap = filterSize > 1 ? medianFilterMesh(map, meshX, meshY, filterSize) : map;
  const smoothRms = filterSize > 1 ? medianFilterMesh(rms, meshX, meshY, filterSize) : rms;
  return {
    map: smoothMap,
    rms: smoothRms,
    meshX,
    meshY,
    meshPx,
    width,
    height,
    backgroundAdu: median(Float32Array.from(smoothMap)),
    noiseAdu: median(Float32Array.from(smoothRms)),
  };
}

/**
 * SExtractor's 64 px mesh, but at least 3 boxes along the shorter side (and never under 16 px): a
 * frame covered by one box gets a flat sky, and a gradient across it reads as noise.
 */
export function defaultMeshPx(width: number, height: number): number {
  return Math.min(64, Math.max(16, Math.floor(Math.min(width, height) / 3)));
}

/**
 * Sigma-clipped mode and standard deviation of `values`, which it reorders. Clipping compacts the
 * kept values to the front and the median comes from quickselect: sorting every mesh box would
 * cost more than the whole detection pass.
 */
export function clippedStats(
  values: Float32Array,
  clipSigma: number,
): { mode: number; sigma: number } {
  let count = values.length;
  if (count === 0) return { mode: 0, sigma: 0 };
  let mean = 0;
  let sigma = 0;
  let med = 0;
  let previousSigma = Infinity;
  for (let iteration = 0; iteration < 6; iteration++) {
    const pivot = values[0] as number;
    let sum = 0;
    let sumSq = 0;
    for (let k = 0; k < count; k++) {
      const d = (values[k] as number) - pivot;
      sum += d;
      sumSq += d * d;
    }
    mean = pivot + sum / count;
    sigma = Math.sqrt(Math.max(0, sumSq / count - (sum / count) ** 2));
    med = medianInPlace(values, count);
    // Gaussian tails always lose a few values past 3σ; stop once σ has settled.
    if (Math.abs(previousSigma - sigma) <= 0.005 * sigma) break;
    previousSigma = sigma;
    const lo = med - clipSigma * sigma;
    const hi = med + clipSigma * sigma;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const value = values[k] as number;
      if (value >= lo && value <= hi) values[kept++] = value;
    }
    if (kept === count || kept < 3) break;
    count = kept;
  }
  // SExtractor's rule: the mode estimate is only trusted when the distribution is not too skewed.
  const mode = sigma > 0 && (mean - med) / sigma < 0.3 ? 2.5 * med - 1.5 * mean : med;
  return { mode, sigma };
}

/** Median of the first `count` values (reorders them). */
function medianInPlace(values: Float32Array, count: number): number {
  const upper = selectKth(values, count, count >> 1);
  if (count % 2 === 1) return upper;
  let lower = -Infinity;
  for (let k = 0; k < count >> 1; k++)
    if ((values[k] as number) > lower) lower = values[k] as number;
  return 0.5 * (lower + upper);
}

/** Hoare quickselect: the k-th smallest of the first `count` values, leaving smaller ones before it. */
function selectKth(values: Float32Array, count: number, k: number): number {
  let left = 0;
  let right = count - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

/** Median of a Float32Array (reorders it). */
export function median(values: Float32Array): number {
  return values.length === 0 ? Number.NaN : medianInPlace(values, values.length);
}

function medianFilterMesh(
  grid: Float32Array,
  meshX: number,
  meshY: number,
  size: number,
): Float32Array {
  const out = new Float32Array(grid.length);
  const half = size >> 1;
  const window = new Float32Array(size * size);
  // Beyond the edge, boxes are point-reflected (2·edge − inner) so a linear gradient survives the
  // filter instead of being pulled towards the interior by half a box.
  const at = (i: number, j: number): number => {
    if (i < 0) return 2 * at(0, j) - at(Math.min(meshX - 1, -i), j);
    if (i >= meshX) return 2 * at(meshX - 1, j) - at(Math.max(0, 2 * (meshX - 1) - i), j);
    if (j < 0) return 2 * at(i, 0) - at(i, Math.min(meshY - 1, -j));
    if (j >= meshY) return 2 * at(i, meshY - 1) - at(i, Math.max(0, 2 * (meshY - 1) - j));
    return grid[j * meshX + i] as number;
  };
  for (let j = 0; j < meshY; j++) {
    for (let i = 0; i < meshX; i++) {
      let n = 0;
      for (let dj = -half; dj <= half; dj++)
        for (let di = -half; di <= half; di++) window[n++] = at(i + di, j + dj);
      out[j * meshX + i] = median(window.subarray(0, n));
    }
  }
  return out;
}

/** Centre of mesh box `index` along an axis of `size` pixels split into `count` boxes. */
function meshCentre(index: number, count: number, size: number): number {
  return (Math.floor((index * size) / count) + Math.floor(((index + 1) * size) / count) - 1) / 2;
}

/**
 * Fills `out` (length `width`) with the bilinearly interpolated value of `grid` (the model's `map`
 * or `rms`) along image row `y`; beyond the outer box centres the value is held constant.
 */
export function interpolateMeshRow(
  model: BackgroundModel,
  grid: Float32Array,
  y: number,
  out: Float32Array,
): void {
  const { meshX, meshY, width, height } = model;
  let j0 = 0;
  let t = 0;
  if (meshY > 1) {
    const first = meshCentre(0, meshY, height);
    const step = height / meshY;
    const position = Math.min(meshY - 1, Math.max(0, (y - first) / step));
    j0 = Math.min(meshY - 2, Math.floor(position));
    t = position - j0;
  }
  const j1 = Math.min(meshY - 1, j0 + 1);
  const columnValue = (i: number): number =>
    (grid[j0 * meshX + i] as number) * (1 - t) + (grid[j1 * meshX + i] as number) * t;
  if (meshX === 1) {
    out.fill(columnValue(0), 0, width);
    return;
  }
  let x = 0;
  let left = columnValue(0);
  const firstCentre = meshCentre(0, meshX, width);
  for (; x <= firstCentre && x < width; x++) out[x] = left;
  for (let i = 0; i < meshX - 1; i++) {
    const c0 = meshCentre(i, meshX, width);
    const c1 = meshCentre(i + 1, meshX, width);
    const right = columnValue(i + 1);
    const slope = (right - left) / (c1 - c0);
    for (; x <= c1 && x < width; x++) out[x] = left + slope * (x - c0);
    left = right;
  }
  for (; x < width; x++) out[x] = left;
}

/** The interpolated value of `grid` at one pixel. */
export function interpolateMeshAt(
  model: BackgroundModel,
  grid: Float32Array,
  x: number,
  y: number,
): number {
  const { meshX, meshY, width, height } = model;
  const locate = (p: number, count: number, size: number): [number, number] => {
    if (count === 1) return [0, 0];
    const position = Math.min(
      count - 1,
      Math.max(0, (p - meshCentre(0, count, size)) / (size / count)),
    );
    const index = Math.min(count - 2, Math.floor(position));
    return [index, position - index];
  };
  const [i0, u] = locate(x, meshX, width);
  const [j0, t] = locate(y, meshY, height);
  const i1 = Math.min(meshX - 1, i0 + 1);
  const j1 = Math.min(meshY - 1, j0 + 1);
  const at = (i: number, j: number): number => grid[j * meshX + i] as number;
  return (
    (at(i0, j0) * (1 - u) + at(i1, j0) * u) * (1 - t) + (at(i0, j1) * (1 - u) + at(i1, j1) * u) * t
  );
}
