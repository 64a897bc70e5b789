import { previewImage, type PreviewPng } from '@astro/core/analysis';
import type { ByteSource } from '@astro/core/io';

export type { PreviewPng };

/** The stretched PNG the editor shows: core's preview (debayered from BAYERPAT), no larger than `maxSize`. */
export function renderPreview(
  source: ByteSource,
  label: string,
  maxSize = 1600,
): Promise<PreviewPng> {
  return previewImage(source, label, { maxSize });
}
