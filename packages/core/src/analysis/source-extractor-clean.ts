import type { Isophote } from './isophote.js';

// source-extractor's defaults: CLEAN Y with CLEAN_PARAM 1, DETECT_MINAREA as our comparison sets
// it, and its CLEAN_ZONE of 10 (in sums of semi-major axes).
const CLEAN_BETA = 1;
const CLEAN_ZONE = 10;
export const DETECT_MIN_AREA = 5;

/**
 * source-extractor's CLEAN, on by default: a detection that a brighter neighbour's profile model
 * (a Moffat-like 1/(1 + α·r²)^β scaled to the neighbour's isophote) puts above the detection's own
 * `minArea`-th highest pixel is a spurious bump in that neighbour's wings. source-extractor merges
 * it into the neighbour: it leaves the catalog and its pixels are put back into the image, so they
 * count in every other object's photometry instead of being masked.
 *
 * Returns, for each isophote, the index of the brighter one that absorbs it, or -1. Isophotes
 * smaller than `minArea` are not detections and are never absorbed. Chains are not followed (an
 * absorber absorbed in turn still absorbs), which source-extractor's order-dependent pass only
 * differs from in dense groups of faint detections.
 */
export function cleanedBy(
  isophotes: readonly Isophote[],
  isophoteAdu: number,
  minArea = DETECT_MIN_AREA,
): Int32Array {
  const absorber = new Int32Array(isophotes.length).fill(-1);
  isophotes.forEach((faint, i) => {
    if (faint.area < minArea) return;
    let best = -1;
    isophotes.forEach((bright, j) => {
      if (j === i || bright.area < minArea || !(bright.flux > faint.flux)) return;
      if (best >= 0 && (isophotes[best] as Isophote).flux >= bright.flux) return;
      if (modelAt(bright, faint, isophoteAdu) > faint.peakMargin) best = j;
    });
    absorber[i] = best;
  });
  return absorber;
}

/** Whether `bright` is near enough to `faint` for CLEAN to weigh absorbing it. */
export function withinCleaningZone(bright: Isophote, faint: Isophote): boolean {
  const zone = (bright.ellipse.a + faint.ellipse.a) * CLEAN_ZONE;
  return (faint.x - bright.x) ** 2 + (faint.y - bright.y) ** 2 < zone * zone;
}

/** The bright isophote's profile model at the faint one's centre, 0 beyond its cleaning zone. */
function modelAt(bright: Isophote, faint: Isophote, isophoteAdu: number): number {
  if (!withinCleaningZone(bright, faint)) return 0;
  const { a, b, cxx, cyy, cxy } = bright.ellipse;
  const dx = faint.x - bright.x;
  const dy = faint.y - bright.y;
  const unitArea = Math.PI * a * b;
  const amplitude = bright.flux / (2 * unitArea * bright.abcor);
  const alpha = ((amplitude / isophoteAdu) ** (1 / CLEAN_BETA) - 1) * (unitArea / bright.area);
  const scaled = 1 + alpha * (cxx * dx * dx + cyy * dy * dy + cxy * dx * dy);
  if (!(scaled > 1) || scaled >= 1e10) return 0;
  return amplitude * scaled ** -CLEAN_BETA;
}
