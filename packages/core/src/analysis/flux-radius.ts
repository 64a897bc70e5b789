import { DEFAULT_FILTER_SIGMA_PX } from './detect-stars.js';
import { describeIsophote, type Ellipse, type Isophote } from './isophote.js';
import { filterPatch, gaussianKernel } from './matched-filter.js';
import { cleanedBy, DETECT_MIN_AREA, withinCleaningZone } from './source-extractor-clean.js';
import { SourceExtractorBackground } from './source-extractor-background.js';
import type { AnalysisImage, Star } from './types.js';

/**
 * Which half-flux radius a frame reports.
 * - `sampled` (default): the radius enclosing half the light of the star as the sensor samples it,
 *   over a local annulus sky: 1.1774·√(σ² + 1/12) px for a Gaussian of σ px, within 1 % of it from
 *   σ = 1 px, and unmoved by nebulosity or galaxy halos around the star.
 * - `source-extractor`: source-extractor's FLUX_RADIUS (PHOT_FLUXFRAC 0.5) rebuilt from its
 *   definition, for comparing with numbers from tools built on it. It reads larger: each pixel is
 *   spread over its square once more (1.1774·√(σ² + 1/6): +3.8 % at σ = 1 px, +7 % at σ = 0.7 px),
 *   and the mesh sky it measures over leaves any halo under the star in the star's light.
 */
export type HfrMethod = (typeof HFR_METHODS)[number];

export const HFR_METHODS = ['sampled', 'source-extractor'] as const;

// source-extractor's constants (its defaults for DETECT_THRESH and PHOT_AUTOPARAMS, and its
// growth-curve sampling).
const DETECT_THRESHOLD_SIGMA = 1.5;
const KRON_FACTOR = 2.5;
const KRON_MIN_RADIUS = 3.5;
/** Kron's first moment and the growth curve both reach 6 "a" (3 × its MARGIN_SCALE of 2). */
const SEARCH_A = 6;
const GROWTH_STEPS = 64;
const OVERSAMPLE = 5;

const growthScratch = new Float64Array(GROWTH_STEPS);

/**
 * Replaces every star's `hfrPx` by its FLUX_RADIUS, over source-extractor's background of
 * `meshPx` meshes and its isophote with our detection filter (`filterSigmaPx`).
 */
export function useFluxRadius(
  image: AnalysisImage,
  stars: Star[],
  meshPx: number,
  filterSigmaPx = DEFAULT_FILTER_SIGMA_PX,
): void {
  const sky = new SourceExtractorBackground(image, meshPx);
  const context = {
    sky,
    isophoteAdu: DETECT_THRESHOLD_SIGMA * sky.noiseAdu,
    kernel: gaussianKernel(filterSigmaPx),
  };
  for (const star of stars) star.hfrPx = fluxRadius(image, star, context);
}

/** A sky level at every pixel. */
export interface SkyModel {
  at(x: number, y: number): number;
}

/** What {@link fluxRadius} needs besides the pixels and the star. */
export interface FluxRadiusContext {
  /** The frame's mesh background: source-extractor measures over it, not over a local sky. */
  sky: SkyModel;
  /** The isophote: source-extractor's DETECT_THRESH (1.5) × the frame's sky noise (ADU). */
  isophoteAdu: number;
  /** The detection filter; the isophote and its shape are taken on the filtered image. */
  kernel: Float32Array;
}

/**
 * FLUX_RADIUS the way source-extractor defines it, around a star we detected: the radius at which
 * a circular growth curve (every pixel split into 5×5 sub-pixels, 64 steps out to 6 semi-major
 * axes) reaches half of the flux inside the star's Kron ellipse (2.5 first-moment radii, at least
 * 3.5). The ellipse is the star's isophotal shape: second moments of the filtered image over the
 * connected pixels above the isophote. Pixels of other objects' isophotes are replaced by their
 * mirror image through the star, as source-extractor does by default (MASK_TYPE CORRECT), except
 * faint detections its CLEAN step merges into a brighter neighbour (`source-extractor-clean.ts`).
 * Returns NaN when the star has no isophote or no positive flux.
 */
export function fluxRadius(
  image: AnalysisImage,
  star: Pick<Star, 'x' | 'y'>,
  context: FluxRadiusContext,
): number {
  const found = isophotalFootprint(image, star.x, star.y, context);
  if (!found) return Number.NaN;
  const { footprint, kron } = found;
  const { a } = footprint.ellipse;
  const autoFlux = footprint.sumInside(kron);
  if (!(autoFlux > 0)) return Number.NaN;

  const limit = SEARCH_A * a;
  const outer = limit + 1.5;
  const density = GROWTH_STEPS / limit;
  const growth = growthScratch.fill(0);
  const sub = 1 / OVERSAMPLE;
  const offset = 0.5 * (sub - 1);
  const { cx, cy } = footprint;
  for (
    let y = Math.max(0, Math.floor(cy - outer));
    y <= Math.min(image.height - 1, cy + outer);
    y++
  ) {
    for (
      let x = Math.max(0, Math.floor(cx - outer));
      x <= Math.min(image.width - 1, cx + outer);
      x++
    ) {
      const dx = x - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy >= outer * outer) continue;
      const share = footprint.value(x, y) * sub * sub;
      for (let j = 0; j < OVERSAMPLE; j++) {
        const sy = dy + offset + j * sub;
        for (let i = 0; i < OVERSAMPLE; i++) {
          const sx = dx + offset + i * sub;
          const bin = Math.floor(Math.sqrt(sx * sx + sy * sy) * density);
          if (bin < GROWTH_STEPS) growth[bin] = (growth[bin] as number) + share;
        }
      }
    }
  }
  for (let i = 1; i < GROWTH_STEPS; i++)
    growth[i] = (growth[i] as number) + (growth[i - 1] as number);
  const half = 0.5 * autoFlux;
  let i = 0;
  while (i < GROWTH_STEPS - 1 && (growth[i] as number) < half) i++;
  const previous = i > 0 ? (growth[i - 1] as number) : 0;
  const rise = (growth[i] as number) - previous;
  const radius = (rise !== 0 ? i + (half - previous) / rise : i) / density;
  return Math.min(radius, limit);
}

/**
 * A star's isophotal ellipse and the sky-subtracted pixels around it, where pixels of other
 * objects' isophotes read as their mirror image through the star (0 when that is masked too or
 * off the frame) and blank pixels read 0.
 */
class Footprint {
  constructor(
    private readonly image: AnalysisImage,
    private readonly sky: SkyModel,
    readonly cx: number,
    readonly cy: number,
    readonly ellipse: Ellipse,
    private readonly box: Box,
  ) {}

  value(x: number, y: number): number {
    if (this.masked(x, y)) {
      // source-extractor's rounding of the mirror position.
      const mx = Math.trunc(2 * this.cx + 0.49999 - x);
      const my = Math.trunc(2 * this.cy + 0.49999 - y);
      if (mx < 0 || my < 0 || mx >= this.image.width || my >= this.image.height) return 0;
      if (this.masked(mx, my)) return 0;
      return this.raw(mx, my);
    }
    return this.raw(x, y);
  }

  /**
   * Σ r·I / Σ I over the pixels inside `scale` ellipse radii (r in ellipse radii), 0 if none.
   * Other objects' pixels are left out here, not mirrored: source-extractor's Kron radius does so.
   */
  meanEllipticalRadius(scale: number): number {
    let moment = 0;
    let sum = 0;
    this.forEachInside(scale, (x, y, r2) => {
      if (this.masked(x, y)) return;
      const value = this.raw(x, y);
      moment += Math.sqrt(r2) * value;
      sum += value;
    });
    return moment > 0 && sum > 0 ? moment / sum : 0;
  }

  /** Σ I over the pixels whose centres lie inside `scale` ellipse radii. */
  sumInside(scale: number): number {
    let sum = 0;
    this.forEachInside(scale, (x, y) => {
      sum += this.value(x, y);
    });
    return sum;
  }

  private forEachInside(scale: number, visit: (x: number, y: number, r2: number) => void): void {
    const { cx, cy } = this;
    const { a, cxx, cyy, cxy } = this.ellipse;
    const reach = scale * a;
    const limit = scale * scale;
    for (
      let y = Math.max(0, Math.round(cy - reach));
      y <= Math.min(this.image.height - 1, cy + reach);
      y++
    ) {
      const dy = y - cy;
      for (
        let x = Math.max(0, Math.round(cx - reach));
        x <= Math.min(this.image.width - 1, cx + reach);
        x++
      ) {
        const dx = x - cx;
        const r2 = cxx * dx * dx + cyy * dy * dy + cxy * dx * dy;
        if (r2 <= limit) visit(x, y, r2);
      }
    }
  }

  private masked(x: number, y: number): boolean {
    const index = boxIndex(this.box, x, y);
    return index >= 0 && this.box.other[index] === 1;
  }

  private raw(x: number, y: number): number {
    const index = boxIndex(this.box, x, y);
    if (index >= 0) return this.box.values[index] as number;
    return skySubtracted(this.image, this.sky, x, y);
  }
}

// The isophote is searched in a box of this half-size first, and in boxes twice as large while it
// reaches the box's edge or the box cannot hold the Kron moment, growth curve and Kron aperture.
const FIRST_BOX_HALF_PX = 16;
const LAST_BOX_HALF_PX = 256;

function isophotalFootprint(
  image: AnalysisImage,
  cx: number,
  cy: number,
  context: FluxRadiusContext,
): { footprint: Footprint; kron: number } | null {
  let needed = 0;
  for (let half = FIRST_BOX_HALF_PX; ; half *= 2) {
    const last = half >= LAST_BOX_HALF_PX;
    if (half < needed && !last) continue;
    const found = isophoteInBox(image, Math.round(cx), Math.round(cy), half, context);
    if (!found) return null;
    if (found.touchesBox && !last) continue;
    const { ellipse } = found;
    // Kron's moment and the growth curve reach 6 semi-major axes (3 px spare for the centre offset).
    needed = SEARCH_A * ellipse.a + 3;
    if (half < needed && !last) continue;
    // Kron's moment and the growth curve centre on the isophote's barycentre, as source-extractor's do.
    const footprint = new Footprint(image, context.sky, found.cx, found.cy, ellipse, found.box);
    const kron = Math.max(KRON_MIN_RADIUS, KRON_FACTOR * footprint.meanEllipticalRadius(SEARCH_A));
    // A Kron aperture can reach 15 semi-major axes: then measure again in a box that holds it.
    needed = kron * ellipse.a + 3;
    if (half < needed && !last) continue;
    // Whether a neighbour is masked can hang on a bright object the box cuts: look wider then.
    if (!last && found.cleaningCutShort(Math.max(SEARCH_A, kron) * ellipse.a + 2)) {
      needed = 2 * half;
      continue;
    }
    return { footprint, kron };
  }
}

/** The searched box: sky-subtracted pixels and which of them belong to other objects. */
interface Box {
  x0: number;
  y0: number;
  w: number;
  h: number;
  values: Float32Array;
  other: Uint8Array;
}

function boxIndex(box: Box, x: number, y: number): number {
  const bx = x - box.x0;
  const by = y - box.y0;
  return bx >= 0 && by >= 0 && bx < box.w && by < box.h ? by * box.w + bx : -1;
}

/** A pixel minus the mesh background there; blank pixels read 0. */
function skySubtracted(image: AnalysisImage, sky: SkyModel, x: number, y: number): number {
  const value = (image.data[y * image.width + x] as number) - sky.at(x, y);
  return value === value ? value : 0;
}

/**
 * Filters the sky-subtracted box of half-size `half` around (px, py) and finds the star's isophote
 * (8-connected pixels above it, from the brightest pixel next to the star) and every other isophote
 * in the box. Other isophotes are marked `other`, to be masked, except where source-extractor's
 * CLEAN would have merged them into a brighter neighbour and put their pixels back.
 */
function isophoteInBox(
  image: AnalysisImage,
  px: number,
  py: number,
  half: number,
  context: FluxRadiusContext,
): {
  cx: number;
  cy: number;
  ellipse: Ellipse;
  touchesBox: boolean;
  box: Box;
  /**
   * Whether CLEAN's verdict on an isophote within `reachPx` of the star may be wrong because a
   * brighter isophote in its cleaning zone runs past the box, so that its flux and shape are cut.
   */
  cleaningCutShort(reachPx: number): boolean;
} | null {
  const { width, height } = image;
  const x0 = Math.max(0, px - half);
  const y0 = Math.max(0, py - half);
  const w = Math.min(width - 1, px + half) - x0 + 1;
  const h = Math.min(height - 1, py + half) - y0 + 1;
  const values = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      values[y * w + x] = skySubtracted(image, context.sky, x0 + x, y0 + y);
  const patch = Float32Array.from(values);
  filterPatch(patch, w, h, context.kernel);
  const threshold = context.isophoteAdu;
  let seed = -1;
  for (let y = Math.max(0, py - y0 - 1); y <= Math.min(h - 1, py - y0 + 1); y++)
    for (let x = Math.max(0, px - x0 - 1); x <= Math.min(w - 1, px - x0 + 1); x++)
      if (seed < 0 || (patch[y * w + x] as number) > (patch[seed] as number)) seed = y * w + x;
  if (seed < 0 || !((patch[seed] as number) > threshold)) return null;

  // The star's isophote first, then every other one in raster order.
  const seen = new Uint8Array(w * h);
  const groups = [connectedAbove(patch, w, h, threshold, seed, seen)];
  for (let i = 0; i < patch.length; i++)
    if (seen[i] === 0 && (patch[i] as number) > threshold)
      groups.push(connectedAbove(patch, w, h, threshold, i, seen));
  const onEdge = (index: number): boolean => {
    const x = index % w;
    const y = (index - x) / w;
    return (
      (x === 0 && x0 > 0) ||
      (y === 0 && y0 > 0) ||
      (x === w - 1 && x0 + w < width) ||
      (y === h - 1 && y0 + h < height)
    );
  };
  const cut = groups.map((group) => group.some(onEdge));
  const isophotes = groups.map((group) =>
    describeIsophote(group, patch, values, w, threshold, DETECT_MIN_AREA),
  );
  const absorber = cleanedBy(isophotes, threshold);
  // source-extractor blanks detected rows half a filter behind its detection scan, so when CLEAN
  // puts a merged object's pixels back, the rows the scan had not yet blanked get blanked after.
  const trailingRows = Math.floor(context.kernel.length / 2);
  const other = new Uint8Array(w * h);
  for (let k = 1; k < groups.length; k++) {
    const into = absorber[k] as number;
    const restoredThrough =
      into < 0
        ? -1
        : Math.max((isophotes[k] as Isophote).lastRow, (isophotes[into] as Isophote).lastRow) -
          trailingRows;
    for (const index of groups[k] as Int32Array)
      if (Math.floor(index / w) > restoredThrough) other[index] = 1;
  }
  const star = isophotes[0] as Isophote;
  return {
    cx: x0 + star.x,
    cy: y0 + star.y,
    ellipse: star.ellipse,
    touchesBox: cut[0] as boolean,
    box: { x0, y0, w, h, values, other },
    cleaningCutShort(reachPx) {
      const sx = star.x;
      const sy = star.y;
      const reaches = (group: Int32Array): boolean =>
        group.some((index) => {
          const x = index % w;
          return (x - sx) ** 2 + ((index - x) / w - sy) ** 2 <= reachPx * reachPx;
        });
      return isophotes.some(
        (faint, k) =>
          k > 0 &&
          faint.area >= DETECT_MIN_AREA &&
          absorber[k] === -1 &&
          reaches(groups[k] as Int32Array) &&
          isophotes.some(
            (bright, j) =>
              cut[j] === true && bright.flux > faint.flux && withinCleaningZone(bright, faint),
          ),
      );
    },
  };
}

/** The 8-connected pixels above `threshold` reached from `start`, in raster order; marks them seen. */
function connectedAbove(
  patch: Float32Array,
  w: number,
  h: number,
  threshold: number,
  start: number,
  seen: Uint8Array,
): Int32Array {
  const found: number[] = [];
  const stack = [start];
  seen[start] = 1;
  while (stack.length > 0) {
    const index = stack.pop() as number;
    found.push(index);
    const x = index % w;
    const y = (index - x) / w;
    for (let ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1); ny++)
      for (let nx = Math.max(0, x - 1); nx <= Math.min(w - 1, x + 1); nx++) {
        const next = ny * w + nx;
        if (seen[next] !== 0 || !((patch[next] as number) > threshold)) continue;
        seen[next] = 1;
        stack.push(next);
      }
  }
  return Int32Array.from(found).sort();
}
