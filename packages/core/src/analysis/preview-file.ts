import { loadFrame } from './analyze-file.js';
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
export async function previewFile(
  path: string,
  options: { maxSize?: number; overlayStars?: boolean; signal?: AbortSignal } = {},
): Promise<{ png: Uint8Array; width: number; height: number; starCount: number | null }> {
  const { image, optics } = await loadFrame(path, { signal: options.signal });
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
    starCount: measurement?.starCount ?? null,
  };
}
