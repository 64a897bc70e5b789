/** Glyph outlines of one font face, as `generate-plot-font.ts` extracts them. */
export interface PlotFontFace {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  /** Per character: advance width and quadratic contours (`M`, `L`, `Q`, `Z`; font units, y up). */
  glyphs: Record<string, [number, string]>;
}

/** Closed polygons as flat `[x0, y0, x1, y1, …]` lists. */
export type Polygons = number[][];

const parsed = new WeakMap<PlotFontFace, Map<string, number[][]>>();

/** A glyph's contours as flat lists of commands: 0 = line to (x, y), 1 = quadratic (cx, cy, x, y). */
function glyphCommands(face: PlotFontFace, char: string): number[][] {
  let cache = parsed.get(face);
  if (!cache) parsed.set(face, (cache = new Map()));
  const hit = cache.get(char);
  if (hit) return hit;
  const path = face.glyphs[char]?.[1] ?? '';
  const contours: number[][] = [];
  let current: number[] = [];
  for (const match of path.matchAll(/([MLQZ])([^MLQZ]*)/g)) {
    const numbers = (match[2] ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
    if (match[1] === 'M') current = [0, ...numbers];
    else if (match[1] === 'L') current.push(0, ...numbers);
    else if (match[1] === 'Q') current.push(1, ...numbers);
    else contours.push(current);
  }
  cache.set(char, contours);
  return contours;
}

/** Width of `text` at `sizePx` (missing characters use the width of `?`). */
export function measureText(face: PlotFontFace, text: string, sizePx: number): number {
  let width = 0;
  for (const char of text) width += (face.glyphs[char] ?? face.glyphs['?'])?.[0] ?? 0;
  return (width * sizePx) / face.unitsPerEm;
}

/**
 * Outlines of `text` with its baseline starting at (x, y), y down, as polygons with the quadratic
 * curves flattened finely enough for `sizePx`.
 */
export function textPolygons(
  face: PlotFontFace,
  text: string,
  x: number,
  y: number,
  sizePx: number,
): Polygons {
  const scale = sizePx / face.unitsPerEm;
  const steps = Math.max(2, Math.min(8, Math.round(sizePx / 4)));
  const polygons: Polygons = [];
  let penX = x;
  for (const char of text) {
    const known = face.glyphs[char] ? char : '?';
    for (const contour of glyphCommands(face, known)) {
      const polygon: number[] = [];
      let px = 0;
      let py = 0;
      for (let k = 0; k < contour.length;) {
        if (contour[k] === 0) {
          px = contour[k + 1] as number;
          py = contour[k + 2] as number;
          polygon.push(penX + px * scale, y - py * scale);
          k += 3;
        } else {
          const cx = contour[k + 1] as number;
          const cy = contour[k + 2] as number;
          const ex = contour[k + 3] as number;
          const ey = contour[k + 4] as number;
          for (let s = 1; s <= steps; s++) {
            const t = s / steps;
            const u = 1 - t;
            const qx = u * u * px + 2 * u * t * cx + t * t * ex;
            const qy = u * u * py + 2 * u * t * cy + t * t * ey;
            polygon.push(penX + qx * scale, y - qy * scale);
          }
          px = ex;
          py = ey;
          k += 5;
        }
      }
      if (polygon.length >= 6) polygons.push(polygon);
    }
    penX += (face.glyphs[known]?.[0] ?? 0) * scale;
  }
  return polygons;
}
