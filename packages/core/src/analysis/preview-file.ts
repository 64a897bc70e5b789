import { withFileSource, type ByteSource } from '../io/index.js';
import { loadImage } from './analyze-file.js';
import { encodePng } from './encode-png.js';
import { measureFrame } from './measure-frame.js';
import { stretchPreview } from './stretch-preview.js';

/**
 * Reads a FITS/XISF frame and renders its auto-stretched preview as PNG bytes (debayered when
 * the header has BAYERPAT), optionally with the measured stars circled.
 *
 * @example
 * ```ts
 * const { png } = await previewFile('light.fits', { maxSize: 1200, overlayStars: true });
 * await writeFile('light.png', png);
 * ```
 */
export async function previewFile(path: string, options: PreviewOptions = {}): Promise<PreviewPng> {
  return withFileSource(path, (source) => previewImage(source, path, options));
}

export interface PreviewOptions {
  maxSize?: number;
  overlayStars?: boolean;
  signal?: AbortSignal;
}

export interface PreviewPng {
  png: Uint8Array;
  width: number;
  height: number;
  /** The frame's own size, before downsampling. */
  sourceWidth: number;
  sourceHeight: number;
  starCount: number | null;
}

/** {@link previewFile} over any byte source (a host's open document); `label` names it in errors. */
export async function previewImage(
  source: ByteSource,
  label: string,
  options: PreviewOptions = {},
): Promise<PreviewPng> {
  const { image, optics } = await loadImage(source, label, {
    signal: options.signal,
    bigIntAsFloat: true,
  });
  const measurement = options.overlayStars
    ? measureFrame(image, { ...optics, keepStars: true, signal: options.signal })
    : null;
  const preview = stretchPreview(image, {
    ...(options.maxSize ? { maxSize: options.maxSize } : {}),
    ...(optics.bayerPattern ? { bayerPattern: optics.bayerPattern } : {}),
    ...(measurement?.stars ? { overlayStars: measurement.stars } : {}),
  });
  return {
    png: encodePng(preview.rgba, preview.width, preview.height),
    width: preview.width,
    height: preview.height,
    sourceWidth: image.width,
    sourceHeight: image.height,
    starCount: measurement?.starCount ?? null,
  };
}
