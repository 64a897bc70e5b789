/**
 * Writes `dejavu-sans.ts`: the outlines of the characters plots use (printable ASCII and a few
 * symbols) from DejaVu Sans and DejaVu Sans Bold, so PNG plots need no font file at run time.
 * Source: Debian's fonts-dejavu-core 2.37-6 (/usr/share/fonts/truetype/dejavu). Run from the repo:
 *
 *   npx tsx packages/core/src/analysis/plot-font/generate-plot-font.ts [fontDir]
 *   npx prettier --write packages/core/src/analysis/plot-font/dejavu-sans.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EXTRA = '°±×µ·σ–—‘’“”′″…−';
const CHARS = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...EXTRA].join(
  '',
);

interface Point {
  x: number;
  y: number;
  on: boolean;
}

/** A TrueType font's glyph outlines, advance widths and character map (what this needs only). */
class TrueType {
  private readonly view: DataView;
  private readonly tables = new Map<string, number>();
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  private readonly longLoca: boolean;
  private readonly hMetrics: number;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = this.view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
      this.tables.set(tag, this.view.getUint32(at + 8));
    }
    const head = this.table('head');
    this.unitsPerEm = this.view.getUint16(head + 18);
    this.longLoca = this.view.getInt16(head + 50) === 1;
    const hhea = this.table('hhea');
    this.ascender = this.view.getInt16(hhea + 4);
    this.descender = this.view.getInt16(hhea + 6);
    this.hMetrics = this.view.getUint16(hhea + 34);
  }

  private table(tag: string): number {
    const offset = this.tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  }

  /** Glyph index of a BMP character (cmap format 4, Windows Unicode). */
  glyphIndex(code: number): number {
    const cmap = this.table('cmap');
    const count = this.view.getUint16(cmap + 2);
    for (let i = 0; i < count; i++) {
      const platform = this.view.getUint16(cmap + 4 + 8 * i);
      const encoding = this.view.getUint16(cmap + 6 + 8 * i);
      const sub = cmap + this.view.getUint32(cmap + 8 + 8 * i);
      if (platform !== 3 || encoding !== 1 || this.view.getUint16(sub) !== 4) continue;
      const segments = this.view.getUint16(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + 2 * segments + 2;
      const deltas = starts + 2 * segments;
      const ranges = deltas + 2 * segments;
      for (let s = 0; s < segments; s++) {
        if (code > this.view.getUint16(ends + 2 * s)) continue;
        if (code < this.view.getUint16(starts + 2 * s)) return 0;
        const delta = this.view.getInt16(deltas + 2 * s);
        const range = this.view.getUint16(ranges + 2 * s);
        if (range === 0) return (code + delta) & 0xffff;
        const at = ranges + 2 * s + range + 2 * (code - this.view.getUint16(starts + 2 * s));
        const glyph = this.view.getUint16(at);
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
    }
    return 0;
  }

  advance(glyph: number): number {
    return this.view.getUint16(this.table('hmtx') + 4 * Math.min(glyph, this.hMetrics - 1));
  }

  /** Contours of a glyph (composites resolved: offsets and scales), in font units, y up. */
  contours(glyph: number): Point[][] {
    const loca = this.table('loca');
    const start = this.longLoca
      ? this.view.getUint32(loca + 4 * glyph)
      : 2 * this.view.getUint16(loca + 2 * glyph);
    const end = this.longLoca
      ? this.view.getUint32(loca + 4 * glyph + 4)
      : 2 * this.view.getUint16(loca + 2 * glyph + 2);
    if (end === start) return [];
    const at = this.table('glyf') + start;
    const contourCount = this.view.getInt16(at);
    if (contourCount < 0) return this.composite(at + 10);
    const endPoints: number[] = [];
    for (let c = 0; c < contourCount; c++) endPoints.push(this.view.getUint16(at + 10 + 2 * c));
    const pointCount = (endPoints[contourCount - 1] ?? -1) + 1;
    let p = at + 10 + 2 * contourCount;
    p += 2 + this.view.getUint16(p);
    const flags: number[] = [];
    while (flags.length < pointCount) {
      const flag = this.view.getUint8(p++);
      flags.push(flag);
      if (flag & 8) for (let r = this.view.getUint8(p++); r > 0; r--) flags.push(flag);
    }
    const read = (short: number, same: number): number[] => {
      const values: number[] = [];
      let value = 0;
      for (const flag of flags) {
        if (flag & short) {
          const delta = this.view.getUint8(p++);
          value += flag & same ? delta : -delta;
        } else if (!(flag & same)) {
          value += this.view.getInt16(p);
          p += 2;
        }
        values.push(value);
      }
      return values;
    };
    const xs = read(2, 16);
    const ys = read(4, 32);
    const contours: Point[][] = [];
    let first = 0;
    for (const last of endPoints) {
      const contour: Point[] = [];
      for (let i = first; i <= last; i++)
        contour.push({
          x: xs[i] as number,
          y: ys[i] as number,
          on: ((flags[i] as number) & 1) === 1,
        });
      contours.push(contour);
      first = last + 1;
    }
    return contours;
  }

  private composite(at: number): Point[][] {
    const contours: Point[][] = [];
    let p = at;
    for (;;) {
      const flags = this.view.getUint16(p);
      const glyph = this.view.getUint16(p + 2);
      p += 4;
      let dx: number;
      let dy: number;
      if (flags & 1) {
        dx = this.view.getInt16(p);
        dy = this.view.getInt16(p + 2);
        p += 4;
      } else {
        dx = this.view.getInt8(p);
        dy = this.view.getInt8(p + 1);
        p += 2;
      }
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2dot14 = (offset: number): number => this.view.getInt16(offset) / 16384;
      if (flags & 8) {
        a = d = f2dot14(p);
        p += 2;
      } else if (flags & 0x40) {
        a = f2dot14(p);
        d = f2dot14(p + 2);
        p += 4;
      } else if (flags & 0x80) {
        [a, b, c, d] = [f2dot14(p), f2dot14(p + 2), f2dot14(p + 4), f2dot14(p + 6)];
        p += 8;
      }
      if (!(flags & 2)) throw new Error('point-matched composite glyphs are not supported');
      for (const contour of this.contours(glyph))
        contours.push(
          contour.map((point) => ({
            x: a * point.x + c * point.y + dx,
            y: b * point.x + d * point.y + dy,
            on: point.on,
          })),
        );
      if (!(flags & 0x20)) return contours;
    }
  }
}

/** SVG-like path of quadratic contours: `M x y`, `L x y`, `Q cx cy x y`, `Z`, integers, y up. */
function contourPath(contour: Point[]): string {
  const n = contour.length;
  const r = (value: number): number => Math.round(value);
  const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, on: true });
  let startIndex = contour.findIndex((point) => point.on);
  let start: Point;
  if (startIndex < 0) {
    start = mid(contour[0] as Point, contour[1 % n] as Point);
    startIndex = 0;
  } else start = contour[startIndex] as Point;
  const parts = [`M${r(start.x)} ${r(start.y)}`];
  let control: Point | null = null;
  for (let k = 1; k <= n; k++) {
    const point = contour[(startIndex + k) % n] as Point;
    if (point.on) {
      parts.push(
        control
          ? `Q${r(control.x)} ${r(control.y)} ${r(point.x)} ${r(point.y)}`
          : `L${r(point.x)} ${r(point.y)}`,
      );
      control = null;
    } else {
      if (control) {
        const between = mid(control, point);
        parts.push(`Q${r(control.x)} ${r(control.y)} ${r(between.x)} ${r(between.y)}`);
      }
      control = point;
    }
  }
  if (control) parts.push(`Q${r(control.x)} ${r(control.y)} ${r(start.x)} ${r(start.y)}`);
  return parts.join('') + 'Z';
}

function face(path: string): string {
  const font = new TrueType(readFileSync(path));
  const glyphs: string[] = [];
  for (const char of CHARS) {
    const glyph = font.glyphIndex(char.codePointAt(0) as number);
    if (glyph === 0) throw new Error(`${path} has no glyph for ${char}`);
    const outline = font.contours(glyph).map(contourPath).join('');
    glyphs.push(
      `    ${JSON.stringify(char)}: [${font.advance(glyph)}, ${JSON.stringify(outline)}],`,
    );
  }
  return [
    `  unitsPerEm: ${font.unitsPerEm},`,
    `  ascender: ${font.ascender},`,
    `  descender: ${font.descender},`,
    '  glyphs: {',
    ...glyphs,
    '  },',
  ].join('\n');
}

const fontDir = process.argv[2] ?? '/usr/share/fonts/truetype/dejavu';
const out = join(import.meta.dirname, 'dejavu-sans.ts');
writeFileSync(
  out,
  [
    '// Generated by generate-plot-font.ts from DejaVu Sans 2.37 (Debian fonts-dejavu-core 2.37-6).',
    '/*! Glyph outlines of DejaVu Sans (https://dejavu-fonts.github.io/). Copyright (c) 2003 by',
    ' * Bitstream, Inc. All Rights Reserved. Bitstream Vera is a trademark of Bitstream, Inc. DejaVu',
    ' * changes are in public domain. Bitstream Vera Fonts license: LICENSE-DejaVu.txt beside the source. */',
    "import type { PlotFontFace } from './plot-font.js';",
    '',
    `export const DEJAVU_SANS: PlotFontFace = {\n${face(join(fontDir, 'DejaVuSans.ttf'))}\n};`,
    '',
    `export const DEJAVU_SANS_BOLD: PlotFontFace = {\n${face(join(fontDir, 'DejaVuSans-Bold.ttf'))}\n};`,
    '',
  ].join('\n'),
);
console.log(`wrote ${out}`);
