import type { Polygons } from './plot-font/plot-font.js';

/**
 * A small anti-aliased RGBA canvas for plots: fills polygons with exact area coverage (the
 * signed-area accumulation of font rasterizers such as font-rs), strokes polylines with round
 * joins, draws discs and rectangles. Shapes filled in one call are united (coverage is clamped), so
 * overlapping stroke pieces do not darken; a glyph's holes wind the other way and cancel.
 */
export class RasterCanvas {
  readonly rgba: Uint8Array;
  private accumulation = new Float32Array(0);

  constructor(
    readonly width: number,
    readonly height: number,
    background = '#ffffff',
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    const [r, g, b] = parseColour(background);
    for (let i = 0; i < this.rgba.length; i += 4) {
      this.rgba[i] = r;
      this.rgba[i + 1] = g;
      this.rgba[i + 2] = b;
      this.rgba[i + 3] = 255;
    }
  }

  /** Fills the union of `polygons` (flat x, y lists, pixel edges at integers) with `colour`. */
  fill(polygons: Polygons, colour: string, opacity = 1): void {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const polygon of polygons) {
      for (let k = 0; k < polygon.length; k += 2) {
        const x = polygon[k] as number;
        const y = polygon[k + 1] as number;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
    const left = Math.max(0, Math.floor(x0));
    const top = Math.max(0, Math.floor(y0));
    const right = Math.min(this.width, Math.ceil(x1));
    const bottom = Math.min(this.height, Math.ceil(y1));
    if (!(right > left && bottom > top)) return;
    const stride = right - left + 2;
    const rows = bottom - top;
    if (this.accumulation.length < stride * rows)
      this.accumulation = new Float32Array(stride * rows * 2);
    const acc = this.accumulation;
    acc.fill(0, 0, stride * rows);
    for (const polygon of polygons) {
      const n = polygon.length;
      for (let k = 0; k < n; k += 2) {
        const next = (k + 2) % n;
        accumulateEdge(
          acc,
          stride,
          rows,
          (polygon[k] as number) - left,
          (polygon[k + 1] as number) - top,
          (polygon[next] as number) - left,
          (polygon[next + 1] as number) - top,
        );
      }
    }
    const [r, g, b] = parseColour(colour);
    const { rgba, width } = this;
    for (let row = 0; row < rows; row++) {
      let sum = 0;
      const line = row * stride;
      let out = ((top + row) * width + left) * 4;
      for (let column = 0; column < right - left; column++, out += 4) {
        sum += acc[line + column] as number;
        const alpha = Math.min(1, Math.abs(sum)) * opacity;
        if (alpha < 1 / 512) continue;
        rgba[out] = Math.round((rgba[out] as number) + (r - (rgba[out] as number)) * alpha);
        rgba[out + 1] = Math.round(
          (rgba[out + 1] as number) + (g - (rgba[out + 1] as number)) * alpha,
        );
        rgba[out + 2] = Math.round(
          (rgba[out + 2] as number) + (b - (rgba[out + 2] as number)) * alpha,
        );
      }
    }
  }

  fillRect(x: number, y: number, w: number, h: number, colour: string): void {
    this.fill([[x, y, x + w, y, x + w, y + h, x, y + h]], colour);
  }

  /** A rectangle's outline, `lineWidth` wide and centred on its edges. */
  strokeRect(x: number, y: number, w: number, h: number, colour: string, lineWidth = 1): void {
    const d = lineWidth / 2;
    this.fill(
      [
        [x - d, y - d, x + w + d, y - d, x + w + d, y + h + d, x - d, y + h + d],
        [x + d, y + d, x + d, y + h - d, x + w - d, y + h - d, x + w - d, y + d],
      ],
      colour,
    );
  }

  fillCircle(cx: number, cy: number, radius: number, colour: string): void {
    this.fill([circle(cx, cy, radius)], colour);
  }

  /** A polyline `lineWidth` wide with round joins and caps. */
  strokePolyline(points: number[], colour: string, lineWidth = 1): void {
    const half = lineWidth / 2;
    const pieces: Polygons = [];
    for (let k = 0; k + 3 < points.length; k += 2) {
      const ax = points[k] as number;
      const ay = points[k + 1] as number;
      const bx = points[k + 2] as number;
      const by = points[k + 3] as number;
      const length = Math.hypot(bx - ax, by - ay);
      if (length === 0) continue;
      const nx = (-(by - ay) / length) * half;
      const ny = ((bx - ax) / length) * half;
      pieces.push(
        positive([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny]),
      );
    }
    if (lineWidth > 1.2 || points.length > 4)
      for (let k = 0; k + 1 < points.length; k += 2)
        pieces.push(circle(points[k] as number, points[k + 1] as number, half));
    this.fill(pieces, colour);
  }
}

/** A circle as a polygon, counter-clockwise on screen like {@link positive} shapes. */
function circle(cx: number, cy: number, radius: number): number[] {
  const steps = Math.max(12, Math.ceil(radius * 6));
  const points: number[] = [];
  for (let s = 0; s < steps; s++) {
    const angle = (2 * Math.PI * s) / steps;
    points.push(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle));
  }
  return points;
}

/** The polygon wound so its signed area is positive (shapes of one fill then add up, not cancel). */
function positive(polygon: number[]): number[] {
  let area = 0;
  for (let k = 0; k < polygon.length; k += 2) {
    const next = (k + 2) % polygon.length;
    area +=
      (polygon[k] as number) * (polygon[next + 1] as number) -
      (polygon[next] as number) * (polygon[k + 1] as number);
  }
  if (area >= 0) return polygon;
  const reversed: number[] = [];
  for (let k = polygon.length - 2; k >= 0; k -= 2)
    reversed.push(polygon[k] as number, polygon[k + 1] as number);
  return reversed;
}

/**
 * Adds the signed area an edge covers to the accumulation buffer; a running sum along each row
 * then gives the pixel coverage. x is clamped to the buffer, which keeps coverage right for
 * shapes that leave it sideways.
 */
function accumulateEdge(
  acc: Float32Array,
  stride: number,
  rows: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): void {
  if (ay === by) return;
  const direction = ay < by ? 1 : -1;
  let [x0, y0, y1] = direction === 1 ? [ax, ay, by] : [bx, by, ay];
  const slope = (direction === 1 ? bx - ax : ax - bx) / (y1 - y0);
  if (y0 < 0) {
    x0 -= y0 * slope;
    y0 = 0;
  }
  y1 = Math.min(y1, rows);
  const maxX = stride - 2;
  let x = x0;
  for (let y = Math.floor(y0); y < y1; y++) {
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xNext = x + slope * dy;
    const d = dy * direction;
    const line = y * stride;
    const lo = Math.min(maxX, Math.max(0, Math.min(x, xNext)));
    const hi = Math.min(maxX, Math.max(0, Math.max(x, xNext)));
    const loFloor = Math.floor(lo);
    const hiCeil = Math.ceil(hi);
    if (hiCeil <= loFloor + 1) {
      const middle = 0.5 * (lo + hi) - loFloor;
      acc[line + loFloor] = (acc[line + loFloor] as number) + d - d * middle;
      acc[line + loFloor + 1] = (acc[line + loFloor + 1] as number) + d * middle;
    } else {
      const s = 1 / (hi - lo);
      const loFraction = lo - loFloor;
      const first = 0.5 * s * (1 - loFraction) * (1 - loFraction);
      const hiFraction = hi - hiCeil + 1;
      const last = 0.5 * s * hiFraction * hiFraction;
      acc[line + loFloor] = (acc[line + loFloor] as number) + d * first;
      if (hiCeil === loFloor + 2) {
        acc[line + loFloor + 1] = (acc[line + loFloor + 1] as number) + d * (1 - first - last);
      } else {
        const second = s * (1.5 - loFraction);
        acc[line + loFloor + 1] = (acc[line + loFloor + 1] as number) + d * (second - first);
        for (let xi = loFloor + 2; xi < hiCeil - 1; xi++)
          acc[line + xi] = (acc[line + xi] as number) + d * s;
        const before = second + (hiCeil - loFloor - 3) * s;
        acc[line + hiCeil - 1] = (acc[line + hiCeil - 1] as number) + d * (1 - before - last);
      }
      acc[line + hiCeil] = (acc[line + hiCeil] as number) + d * last;
    }
    x = xNext;
  }
}

const colours = new Map<string, [number, number, number]>();

/** `#rgb` or `#rrggbb` to [r, g, b]. */
export function parseColour(colour: string): [number, number, number] {
  const known = colours.get(colour);
  if (known) return known;
  let hex = colour.replace('#', '');
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const value = Number.parseInt(hex.slice(0, 6), 16) || 0;
  const rgb: [number, number, number] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  colours.set(colour, rgb);
  return rgb;
}
