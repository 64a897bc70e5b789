import { AstroError, ErrorCode } from '../errors/index.js';
import { readFitsImage } from '../fits/index.js';
import { readImageHeader } from '../image-file/index.js';
import { withFileSource, type ByteSource } from '../io/index.js';
import type { HeaderCard } from '../metadata/frame-record.js';
import { readXisfImage } from '../xisf/index.js';
import { measureFrame, type MeasureFrameOptions } from './measure-frame.js';
import type { AnalysisImage, FrameMeasurement, FrameOptics } from './types.js';

/** A frame's first image plane plus what its header says about the optics. */
export interface LoadedFrame {
  image: AnalysisImage;
  optics: FrameOptics;
}

/**
 * Reads a FITS or XISF file's first image (first plane of a cube) and the header facts analysis
 * uses: BAYERPAT, XPIXSZ (which by convention already includes binning), FOCALLEN, EGAIN.
 */
export async function loadFrame(
  path: string,
  options: LoadImageOptions = {},
): Promise<LoadedFrame> {
  return withFileSource(path, (source) => loadImage(source, path, options));
}

export interface LoadImageOptions {
  signal?: AbortSignal;
  /**
   * 64-bit integer pixels (BITPIX 64) are refused for measurement; a preview only needs their
   * magnitude and may take them as doubles.
   */
  bigIntAsFloat?: boolean;
}

/** {@link loadFrame} over any byte source (a host's document, a buffer); `label` names it in errors. */
export async function loadImage(
  source: ByteSource,
  label: string,
  options: LoadImageOptions = {},
): Promise<LoadedFrame> {
  const header = await readImageHeader(source);
  const optics = opticsFromCards(header.input.cards);
  const { value } =
    header.format === 'fits' && header.fits
      ? await readFitsImage(source, header.fits.hdu, { signal: options.signal })
      : await readXisfImage(source, 0, { signal: options.signal });
  let data = value.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    if (!options.bigIntAsFloat)
      throw new AstroError(ErrorCode.NO_IMAGE, `${label}: 64-bit integer images are not analysed`);
    data = Float64Array.from(data, Number);
  }
  return {
    image: {
      width: value.width,
      height: value.height,
      data: data.subarray(0, value.width * value.height),
    },
    optics,
  };
}

/** The optics keywords analysis needs, from header cards. */
export function opticsFromCards(cards: HeaderCard[]): FrameOptics {
  const find = (keyword: string): HeaderCard['value'] | undefined =>
    cards.find((card) => card.keyword === keyword)?.value;
  const number = (keyword: string): number | undefined => {
    const value = find(keyword);
    const parsed =
      typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
  };
  const optics: FrameOptics = {};
  const bayer = find('BAYERPAT');
  if (typeof bayer === 'string' && bayer.trim()) optics.bayerPattern = bayer.trim();
  const pixelSizeUm = number('XPIXSZ');
  if (pixelSizeUm) optics.pixelSizeUm = pixelSizeUm;
  const focalLengthMm = number('FOCALLEN');
  if (focalLengthMm) optics.focalLengthMm = focalLengthMm;
  const gain = number('EGAIN');
  if (gain) optics.gainEPerAdu = gain;
  return optics;
}

/**
 * Loads and measures one file; the header's optics fill in what `options` leaves out.
 *
 * @example
 * ```ts
 * const m = await analyzeFile('/data/M31/light_001.fits', { keepStars: true });
 * ```
 */
export async function analyzeFile(
  path: string,
  options: MeasureFrameOptions = {},
): Promise<FrameMeasurement> {
  const { image, optics } = await loadFrame(path, { signal: options.signal });
  return measureFrame(image, { ...optics, ...stripUndefined(options) });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
