import {
  layoutSessionPlot,
  type PlotScene,
  type SessionPlotOptions,
  type SessionPoint,
} from './plot-session.js';

/**
 * Plots per-frame quality over time as a self-contained SVG (one panel per metric that has data:
 * HFR and FWHM, star count, background, guiding RMS), ready to embed in a Markdown note.
 *
 * @example
 * ```ts
 * const svg = plotSessionSvg(frames.map((f) => ({ timeUtc: f.dateObs, hfrPx: f.hfrPx, starCount: f.starCount })), { title: 'M31 2024-10-01' });
 * ```
 */
export function plotSessionSvg(points: SessionPoint[], options: SessionPlotOptions = {}): string {
  return sceneToSvg(layoutSessionPlot(points, options));
}

/** Renders a {@link PlotScene} as SVG text. */
export function sceneToSvg(scene: PlotScene): string {
  const { width, height } = scene;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  ];
  for (const shape of scene.shapes) {
    switch (shape.kind) {
      case 'rect':
        parts.push(
          `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" fill="${shape.fill ?? 'none'}"${shape.stroke ? ` stroke="${shape.stroke}"` : ''}/>`,
        );
        break;
      case 'line':
        parts.push(
          `<line x1="${shape.x1}" y1="${shape.y1}" x2="${shape.x2}" y2="${shape.y2}" stroke="${shape.stroke}"/>`,
        );
        break;
      case 'polyline': {
        const coords: string[] = [];
        for (let k = 0; k + 1 < shape.points.length; k += 2)
          coords.push(`${shape.points[k]},${shape.points[k + 1]}`);
        parts.push(
          `<polyline fill="none" stroke="${shape.stroke}" stroke-width="${shape.lineWidth}" points="${coords.join(' ')}"/>`,
        );
        break;
      }
      case 'circle':
        parts.push(
          `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${shape.fill}"/>`,
        );
        break;
      case 'text': {
        const attributes = [
          `x="${shape.x}"`,
          `y="${shape.y}"`,
          shape.anchor && shape.anchor !== 'start' ? `text-anchor="${shape.anchor}"` : '',
          shape.middle ? 'dominant-baseline="middle"' : '',
          shape.sizePx !== 11 ? `font-size="${shape.sizePx}"` : '',
          shape.bold ? 'font-weight="bold"' : '',
          shape.fill !== '#000000' ? `fill="${shape.fill}"` : '',
        ].filter(Boolean);
        parts.push(`<text ${attributes.join(' ')}>${escapeXml(shape.text)}</text>`);
        break;
      }
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}
