/**
 * One connected group of pixels above a detection isophote, described the way source-extractor
 * describes a detection before it measures it: filtered flux and area, barycentre, the ellipse of
 * the filtered-value second moments, and the two numbers its CLEAN step uses.
 */
export interface Isophote {
  /** Pixels above the isophote (source-extractor's FDNPIX). */
  area: number;
  /** Sum of their filtered values above the sky (FDFLUX). */
  flux: number;
  /** Barycentre of the filtered values, in the coordinates of the pixel indices given. */
  x: number;
  y: number;
  ellipse: Ellipse;
  /** Correction of the profile model's area for the isophote's truncation (its `abcor`). */
  abcor: number;
  /** The `minArea`-th highest filtered value above the isophote (its `mthresh`). */
  peakMargin: number;
  /** The last row the isophote reaches. */
  lastRow: number;
}

export interface Ellipse {
  a: number;
  b: number;
  /** r² = cxx·dx² + cyy·dy² + cxy·dx·dy is 1 on the ellipse of semi-axes a, b. */
  cxx: number;
  cyy: number;
  cxy: number;
}

export interface Moments {
  xx: number;
  yy: number;
  xy: number;
}

/**
 * Describes the isophote made of `indices` (row-major indices into a `width`-wide patch, in raster
 * order) from the filtered and the unfiltered sky-subtracted values of that patch.
 */
export function describeIsophote(
  indices: ArrayLike<number>,
  filtered: Float32Array,
  unfiltered: Float32Array,
  width: number,
  isophoteAdu: number,
  minArea: number,
): Isophote {
  let flux = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let peak = -Infinity;
  let lastRow = 0;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    const x = index % width;
    const y = (index - x) / width;
    const value = filtered[index] as number;
    flux += value;
    sx += value * x;
    sy += value * y;
    sxx += value * x * x;
    syy += value * y * y;
    sxy += value * x * y;
    peak = Math.max(peak, unfiltered[index] as number);
    lastRow = Math.max(lastRow, y);
  }
  const mx = sx / flux;
  const my = sy / flux;
  const ellipse = isophotalEllipse({
    xx: sxx / flux - mx * mx,
    yy: syy / flux - my * my,
    xy: sxy / flux - mx * my,
  });
  return {
    area: indices.length,
    flux,
    x: mx,
    y: my,
    ellipse,
    abcor: truncationCorrection(indices, unfiltered, isophoteAdu, peak, ellipse),
    peakMargin: peakMargin(indices, filtered, isophoteAdu, minArea),
    lastRow,
  };
}

/** Semi-axes and orientation from second moments, with source-extractor's guard for tiny isophotes. */
export function isophotalEllipse(moments: Moments): Ellipse {
  let { xx, yy } = moments;
  const { xy } = moments;
  // One- or two-pixel isophotes have singular moments: widen them by a pixel's own variance.
  if (xx * yy - xy * xy < 0.00694) {
    xx += 1 / 12;
    yy += 1 / 12;
  }
  const spread = Math.sqrt(0.25 * (xx - yy) ** 2 + xy * xy);
  const mean = 0.5 * (xx + yy);
  const a = Math.sqrt(mean + spread);
  const b = Math.sqrt(Math.max(1e-12, mean - spread));
  const theta = xx !== yy ? 0.5 * Math.atan2(2 * xy, xx - yy) : Math.PI / 4;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return {
    a,
    b,
    cxx: (cos * cos) / (a * a) + (sin * sin) / (b * b),
    cyy: (sin * sin) / (a * a) + (cos * cos) / (b * b),
    cxy: 2 * cos * sin * (1 / (a * a) - 1 / (b * b)),
  };
}

/**
 * source-extractor's `abcor`: how much smaller than a Gaussian of the isophote's moments the area
 * between the isophote and half the peak is, estimated from the unfiltered pixels, at most 1.
 */
function truncationCorrection(
  indices: ArrayLike<number>,
  unfiltered: Float32Array,
  isophoteAdu: number,
  peak: number,
  ellipse: Ellipse,
): number {
  const halfway = (isophoteAdu + peak) / 2;
  const ratio = isophoteAdu / halfway;
  if (!(ratio > 0)) return 1;
  let aboveIsophote = 0;
  let aboveHalfway = 0;
  for (let i = 0; i < indices.length; i++) {
    const value = unfiltered[indices[i] as number] as number;
    if (value > isophoteAdu) aboveIsophote++;
    if (value > halfway) aboveHalfway++;
  }
  const shortfall = aboveHalfway - aboveIsophote;
  const abcor =
    (shortfall < 0 ? shortfall : -1) /
    (2 * Math.PI * Math.log(Math.min(ratio, 0.99)) * ellipse.a * ellipse.b);
  return Math.min(abcor, 1);
}

/**
 * The `minArea`-th highest filtered value above the isophote, as source-extractor's heap finds it:
 * the first `minArea` pixels fill the heap, the next one only sorts it (that pixel is never
 * compared), and every later pixel replaces the heap's least if higher. With exactly `minArea`
 * pixels the heap is never sorted and the first pixel is taken.
 */
function peakMargin(
  indices: ArrayLike<number>,
  filtered: Float32Array,
  isophoteAdu: number,
  minArea: number,
): number {
  const margins: number[] = [];
  for (let i = 0; i < indices.length; i++)
    if (i !== minArea) margins.push((filtered[indices[i] as number] as number) - isophoteAdu);
  if (indices.length <= minArea) return margins[0] ?? 0;
  margins.sort((p, q) => q - p);
  return margins[minArea - 1] as number;
}
