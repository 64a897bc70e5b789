import type { AnalysisImage } from './types.js';

/** The four 2×2 colour layouts, named by the top-left, top-right, bottom-left, bottom-right filters. */
export type BayerPattern = 'RGGB' | 'BGGR' | 'GRBG' | 'GBRG';

/** Normalises a BAYERPAT value (`'RGGB'`, `"rggb "`); null for anything that is not a 2×2 RGB pattern. */
export function parseBayerPattern(value: string | undefined | null): BayerPattern | null {
  const pattern = (value ?? '').trim().toUpperCase();
  return pattern === 'RGGB' || pattern === 'BGGR' || pattern === 'GRBG' || pattern === 'GBRG'
    ? pattern
    : null;
}

/** Offsets (dx, dy) of the red, the two green and the blue pixel inside a 2×2 cell. */
export function bayerOffsets(pattern: BayerPattern): {
  red: [number, number];
  green: Array<[number, number]>;
  blue: [number, number];
} {
  const cells: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const green: Array<[number, number]> = [];
  let red: [number, number] = [0, 0];
  let blue: [number, number] = [1, 1];
  for (let k = 0; k < 4; k++) {
    const letter = pattern[k];
    const cell = cells[k] as [number, number];
    if (letter === 'R') red = cell;
    else if (letter === 'B') blue = cell;
    else green.push(cell);
  }
  return { red, green, blue };
}

/**
 * Collapses a colour-filter-array frame to half resolution: the mean of each 2×2 cell
 * (`superpixel`, luminance-like) or of its two green pixels (`green`). A cell holding a saturated
 * pixel reads at least `saturationAdu`, so saturation stays visible to the star flags.
 */
export function collapseBayer(
  image: AnalysisImage,
  pattern: BayerPattern,
  mode: 'superpixel' | 'green',
  saturationAdu = Infinity,
): AnalysisImage & { data: Float32Array } {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const out = new Float32Array(width * height);
  const greens = bayerOffsets(pattern).green;
  const [g0, g1] = greens as [[number, number], [number, number]];
  const source = image.data;
  const stride = image.width;
  for (let y = 0; y < height; y++) {
    const top = 2 * y * stride;
    const bottom = top + stride;
    for (let x = 0; x < width; x++) {
      const left = 2 * x;
      const a = source[top + left] as number;
      const b = source[top + left + 1] as number;
      const c = source[bottom + left] as number;
      const d = source[bottom + left + 1] as number;
      let value: number;
      if (mode === 'superpixel') value = 0.25 * (a + b + c + d);
      else {
        const pick = (cell: [number, number]): number =>
          cell[1] === 0 ? (cell[0] === 0 ? a : b) : cell[0] === 0 ? c : d;
        value = 0.5 * (pick(g0) + pick(g1));
      }
      if (a >= saturationAdu || b >= saturationAdu || c >= saturationAdu || d >= saturationAdu)
        value = Math.max(value, saturationAdu);
      out[y * width + x] = value;
    }
  }
  return { width, height, data: out };
}
