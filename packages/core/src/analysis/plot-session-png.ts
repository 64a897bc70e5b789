import { encodePng } from './encode-png.js';
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from './plot-font/dejavu-sans.js';
import { measureText, textPolygons } from './plot-font/plot-font.js';
import {
  layoutSessionPlot,
  type PlotScene,
  type SessionPlotOptions,
  type SessionPoint,
} from './plot-session.js';
import { RasterCanvas } from './raster-canvas.js';

export interface SessionPlotPngOptions extends SessionPlotOptions {
  /** Device pixels per CSS px (default 2: sharp on high-density screens, and when scaled down). */
  scale?: number;
}

/**
 * The same plot as {@link plotSessionSvg}, as PNG bytes: drawn by our own anti-aliased rasterizer
 * with DejaVu Sans outlines built in, so it needs no native module, font file or WebAssembly and
 * every host can write it.
 *
 * @example
 * ```ts
 * await writeFile('night.png', plotSessionPng(points, { title: 'M31 2024-10-01' }));
 * ```
 */
export function plotSessionPng(
  points: SessionPoint[],
  options: SessionPlotPngOptions = {},
): Uint8Array {
  const scale = Math.max(0.25, Math.min(8, options.scale ?? 2));
  const canvas = renderScene(layoutSessionPlot(points, options), scale);
  return encodePng(canvas.rgba, canvas.width, canvas.height);
}

/** Rasterizes a {@link PlotScene} at `scale` device pixels per CSS px. */
export function renderScene(scene: PlotScene, scale: number): RasterCanvas {
  const canvas = new RasterCanvas(
    Math.max(1, Math.round(scene.width * scale)),
    Math.max(1, Math.round(scene.height * scale)),
  );
  // A one-CSS-px line lands on whole device pixels instead of straddling two half-lit ones.
  const line = Math.max(1, Math.round(scale));
  const snap = (value: number): number =>
    line % 2 === 1 ? Math.floor(value * scale) + 0.5 : Math.round(value * scale);
  for (const shape of scene.shapes) {
    switch (shape.kind) {
      case 'rect':
        if (shape.fill)
          canvas.fillRect(
            shape.x * scale,
            shape.y * scale,
            shape.width * scale,
            shape.height * scale,
            shape.fill,
          );
        if (shape.stroke) {
          const x = snap(shape.x);
          const y = snap(shape.y);
          canvas.strokeRect(
            x,
            y,
            snap(shape.x + shape.width) - x,
            snap(shape.y + shape.height) - y,
            shape.stroke,
            line,
          );
        }
        break;
      case 'line':
        if (shape.y1 === shape.y2 || shape.x1 === shape.x2) {
          const [x1, x2] =
            shape.x1 === shape.x2
              ? [snap(shape.x1), snap(shape.x2)]
              : [shape.x1 * scale, shape.x2 * scale];
          const [y1, y2] =
            shape.y1 === shape.y2
              ? [snap(shape.y1), snap(shape.y2)]
              : [shape.y1 * scale, shape.y2 * scale];
          canvas.strokePolyline([x1, y1, x2, y2], shape.stroke, line);
        } else
          canvas.strokePolyline(
            [shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale],
            shape.stroke,
            line,
          );
        break;
      case 'polyline':
        canvas.strokePolyline(
          shape.points.map((value) => value * scale),
          shape.stroke,
          shape.lineWidth * scale,
        );
        break;
      case 'circle':
        canvas.fillCircle(shape.cx * scale, shape.cy * scale, shape.r * scale, shape.fill);
        break;
      case 'text': {
        const face = shape.bold ? DEJAVU_SANS_BOLD : DEJAVU_SANS;
        const size = shape.sizePx * scale;
        const width = measureText(face, shape.text, size);
        let x = shape.x * scale;
        if (shape.anchor === 'middle') x -= width / 2;
        else if (shape.anchor === 'end') x -= width;
        // DejaVu's digits and capitals stand 0.73 em tall: half of that centres them on y.
        const y = shape.y * scale + (shape.middle ? 0.365 * size : 0);
        canvas.fill(textPolygons(face, shape.text, x, y, size), shape.fill);
        break;
      }
    }
  }
  return canvas;
}
