import { encodePng } from '@astro/core/analysis/encode-png';
import { stretchPreview } from '@astro/core/analysis/stretch-preview';
import { readFitsImage } from '@astro/core/fits';
import type { ByteSource } from '@astro/core/io';
import { readXisfImage } from '@astro/core/xisf';

export interface PreviewPng {
  png: Uint8Array;
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
}

/** Reads the first image of a FITS/XISF file and renders a stretched PNG no larger than `maxSize`. */
export async function renderPreview(
  source: ByteSource,
  format: 'fits' | 'xisf',
  bayerPattern: string | null,
  maxSize = 1600,
): Promise<PreviewPng> {
  const image =
    format === 'xisf'
      ? (await readXisfImage(source, 0)).value
      : (await readFitsImage(source)).value;
  // 64-bit integer pixels are rare (BITPIX 64); previews only need their magnitude.
  const data =
    image.data instanceof BigInt64Array || image.data instanceof BigUint64Array
      ? Float64Array.from(image.data, Number)
      : image.data;
  const preview = stretchPreview(
    { width: image.width, height: image.height, data },
    { maxSize, ...(bayerPattern ? { bayerPattern } : {}) },
  );
  return {
    png: encodePng(preview.rgba, preview.width, preview.height),
    width: preview.width,
    height: preview.height,
    sourceWidth: image.width,
    sourceHeight: image.height,
  };
}
