import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEJAVU_SANS } from './plot-font/dejavu-sans.js';
import { measureText, textPolygons } from './plot-font/plot-font.js';
import { plotSessionPng } from './plot-session-png.js';
import { layoutSessionPlot } from './plot-session.js';
import { RasterCanvas } from './raster-canvas.js';
import { SESSION_POINTS as points } from './testing/session-points.js';

/** Decodes the PNGs encodePng writes (8-bit RGBA, Sub filter) back to pixels. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * (width * 4 + 1)] !== 1) throw new Error(`row ${y} is not Sub-filtered`);
    for (let i = 0; i < width * 4; i++) {
      const left = i >= 4 ? (rgba[y * width * 4 + i - 4] as number) : 0;
      rgba[y * width * 4 + i] = ((raw[y * (width * 4 + 1) + 1 + i] as number) + left) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('plotSessionPng', () => {
  it('draws the SVG layout at twice its size, with the series colours and dark text', () => {
    const scene = layoutSessionPlot(points, { title: 'M31' });
    const { width, height, rgba } = decodePng(plotSessionPng(points, { title: 'M31' }));
    expect([width, height]).toEqual([scene.width * 2, scene.height * 2]);
    const colours = new Set<number>();
    let translucent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) translucent++;
      colours.add(
        ((rgba[i] as number) << 16) | ((rgba[i + 1] as number) << 8) | (rgba[i + 2] as number),
      );
    }
    expect(translucent).toBe(0);
    // Line centres are fully covered: each series colour appears exactly.
    for (const colour of [0x2b7bb9, 0xe07b39, 0x3a9d5d, 0x8e6cbf, 0xc2453d])
      expect(colours.has(colour)).toBe(true);
    // The bold title, centred on top, is black ink on white.
    let ink = 0;
    for (let y = 20; y < 44; y++)
      for (let x = width / 2 - 40; x < width / 2 + 40; x++)
        if ((rgba[(y * width + x) * 4] as number) < 60) ink++;
    expect(ink).toBeGreaterThan(150);
  });

  it('renders an empty plot as "no data" at any scale', () => {
    const { width, height } = decodePng(plotSessionPng([], { scale: 1 }));
    expect([width, height]).toEqual([800, 164]);
  });
});

describe('RasterCanvas', () => {
  it('covers pixels by their exact area and unites the shapes of one fill', () => {
    const canvas = new RasterCanvas(8, 3);
    canvas.fill(
      [
        [1.25, 0, 3.75, 0, 3.75, 1, 1.25, 1],
        [2, 0, 3, 0, 3, 1, 2, 1],
      ],
      '#000000',
    );
    const row = Array.from({ length: 5 }, (_, x) => canvas.rgba[x * 4]);
    expect(row).toEqual([255, 64, 0, 64, 255]);
    const disc = new RasterCanvas(40, 40);
    disc.fillCircle(20, 20, 10, '#000000');
    let covered = 0;
    for (let i = 0; i < disc.rgba.length; i += 4) covered += (255 - (disc.rgba[i] as number)) / 255;
    expect(covered).toBeGreaterThan(Math.PI * 100 * 0.99);
    expect(covered).toBeLessThan(Math.PI * 100 * 1.01);
  });

  it('renders glyphs with their counters open', () => {
    const canvas = new RasterCanvas(60, 40);
    const size = 32;
    expect(measureText(DEJAVU_SANS, 'o', size)).toBeCloseTo((1253 / 2048) * size, 1);
    canvas.fill(textPolygons(DEJAVU_SANS, 'o', 10, 34, size), '#000000');
    const at = (x: number, y: number): number => canvas.rgba[(y * 60 + x) * 4] as number;
    // The ring is inked and its middle stays white.
    const middleX = Math.round(10 + measureText(DEJAVU_SANS, 'o', size) / 2);
    expect(at(middleX, 22)).toBe(255);
    let ink = 0;
    for (let x = 10; x < middleX; x++) if (at(x, 22) < 60) ink++;
    expect(ink).toBeGreaterThan(2);
  });
});
