import { AstroError, ErrorCode } from '../errors/index.js';
import { bayerOffsets, parseBayerPattern } from './bayer.js';
import type { AnalysisImage, Star } from './types.js';

export interface PreviewOptions {
  /** Longest side of the preview in pixels (default 1024); the frame is box-averaged down to fit. */
  maxSize?: number;
  /** Debayer colour frames (default true when a pattern is given). */
  debayer?: boolean;
  bayerPattern?: string;
  /** Draws a circle of 3 half-flux radii around each star (original-frame coordinates). */
  overlayStars?: Star[];
  /** Target median brightness after stretching (default 0.25, like PixInsight's STF). */
  targetBackground?: number;
  /** Shadows clip in MADs below the median (default 2.8). */
  shadowsClipMad?: number;
}

/** An 8-bit RGBA preview, top row first (FITS row 1 is the bottom row of a picture). */
export interface Preview {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Makes a screen preview: downsampled by box averaging (colour frames by whole 2×2 cells, which
 * also debayers them), then stretched per channel with a midtone transfer function from the
 * median and MAD (PixInsight's auto-STF), so the sky sits at `targetBackground` and is neutral.
 *
 * @example
 * ```ts
 * const preview = stretchPreview(image, { maxSize: 800, bayerPattern: 'RGGB', overlayStars: m.stars });
 * const png = encodePng(preview.rgba, preview.width, preview.height);
 * ```
 */
export function stretchPreview(image: AnalysisImage, options: PreviewOptions = {}): Preview {
  const { width, height, data } = image;
  if (!(width > 0 && height > 0) || data.length < width * height) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `image data (${data.length}) does not fill ${width}×${height}`,
    );
  }
  const pattern = options.debayer === false ? null : parseBayerPattern(options.bayerPattern);
  const cell = pattern ? 2 : 1;
  const maxSize = Math.max(16, options.maxSize ?? 1024);
  // The box is a whole number of Bayer cells so every output pixel sees each colour.
  const factor = cell * Math.max(1, Math.ceil(Math.max(width, height) / cell / maxSize));
  const outW = Math.max(1, Math.floor(width / factor));
  const outH = Math.max(1, Math.floor(height / factor));
  const planes = [
    new Float32Array(outW * outH),
    new Float32Array(outW * outH),
    new Float32Array(outW * outH),
  ];
  const offsets = pattern ? bayerOffsets(pattern) : null;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let cy = 0; cy < factor; cy += cell) {
        for (let cx = 0; cx < factor; cx += cell) {
          const base = (oy * factor + cy) * width + ox * factor + cx;
          if (!offsets) {
            r += data[base] as number;
            continue;
          }
          r += data[base + offsets.red[1] * width + offsets.red[0]] as number;
          b += data[base + offsets.blue[1] * width + offsets.blue[0]] as number;
          for (const [dx, dy] of offsets.green) g += 0.5 * (data[base + dy * width + dx] as number);
        }
      }
      const index = oy * outW + ox;
      planes[0]![index] = r;
      planes[1]![index] = offsets ? g : r;
      planes[2]![index] = offsets ? b : r;
    }
  }
  const target = options.targetBackground ?? 0.25;
  const clipMad = options.shadowsClipMad ?? 2.8;
  const channels = offsets ? planes : [planes[0]!];
  const lookups = channels.map((plane) => stretchFunction(plane, target, clipMad));
  const rgba = new Uint8Array(outW * outH * 4);
  for (let y = 0; y < outH; y++) {
    // Pictures are drawn top row first; FITS row 1 is the bottom of the sky image.
    const sourceRow = (outH - 1 - y) * outW;
    for (let x = 0; x < outW; x++) {
      const out = (y * outW + x) * 4;
      for (let c = 0; c < 3; c++) {
        const stretch = lookups[offsets ? c : 0]!;
        rgba[out + c] = stretch((planes[c] as Float32Array)[sourceRow + x] as number);
      }
      rgba[out + 3] = 255;
    }
  }
  if (options.overlayStars) drawStars(rgba, outW, outH, options.overlayStars, factor);
  return { width: outW, height: outH, rgba };
}

/** PixInsight's midtone transfer function: maps `m` to 0.5, keeps 0 and 1. */
export function midtoneTransfer(m: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return ((m - 1) * x) / ((2 * m - 1) * x - m);
}

function stretchFunction(
  plane: Float32Array,
  target: number,
  clipMad: number,
): (value: number) => number {
  const step = Math.max(1, Math.floor(plane.length / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < plane.length; i += step) sample.push(plane[i] as number);
  sample.sort((a, b) => a - b);
  const median = sample[sample.length >> 1] ?? 0;
  const deviations = sample.map((value) => Math.abs(value - median)).sort((a, b) => a - b);
  const mad = 1.4826 * (deviations[deviations.length >> 1] ?? 0);
  const white = sample[sample.length - 1] ?? 1;
  const black = Math.min(median, Math.max(sample[0] ?? 0, median - clipMad * mad));
  const range = Math.max(1e-9, white - black);
  const normalisedMedian = (median - black) / range;
  // Solve MTF(m, median) = target for m, the midtone balance that puts the sky at `target`.
  const m = normalisedMedian > 0 ? midtoneTransfer(target, normalisedMedian) : 0.5;
  return (value) => Math.round(255 * midtoneTransfer(m, (value - black) / range));
}

function drawStars(
  rgba: Uint8Array,
  width: number,
  height: number,
  stars: Star[],
  factor: number,
): void {
  for (const star of stars) {
    const cx = (star.x + 0.5) / factor - 0.5;
    const cy = height - 1 - ((star.y + 0.5) / factor - 0.5);
    const radius = Math.max(3, (3 * star.hfrPx) / factor);
    const steps = Math.ceil(2 * Math.PI * radius * 1.5);
    for (let s = 0; s < steps; s++) {
      const angle = (2 * Math.PI * s) / steps;
      const x = Math.round(cx + radius * Math.cos(angle));
      const y = Math.round(cy + radius * Math.sin(angle));
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const out = (y * width + x) * 4;
      // Flagged stars in orange, measured ones in green.
      rgba[out] = star.flags ? 255 : 40;
      rgba[out + 1] = star.flags ? 140 : 230;
      rgba[out + 2] = 40;
    }
  }
}
