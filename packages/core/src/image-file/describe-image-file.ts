import { isAstroError, type Diagnostic } from '../errors/index.js';
import { readFitsHeaders, readFitsImageHeader, type FitsValue } from '../fits/index.js';
import type { ByteSource } from '../io/index.js';
import { normalizeFrame, type FrameRecord, type NormalizeOptions } from '../metadata/index.js';
import { readImageHeader } from './read-image-header.js';
import type { ImageFormat } from './detect-format.js';

export type JsonCardValue = string | number | boolean | null | { re: number; im: number };

/** Everything a header explorer shows: every HDU's cards, the normalized record, what was wrong. */
export interface ImageFileDescription {
  format: ImageFormat;
  hdus: Array<{
    index: number;
    kind: string;
    cards: Array<{ keyword: string; value: JsonCardValue; comment: string | null }>;
  }>;
  record: FrameRecord;
  diagnostics: Diagnostic[];
}

/**
 * Describes a FITS or XISF file for `astrocat show` and the editor hosts. FITS: every HDU;
 * XISF: one entry per image with its FITS keywords and properties.
 */
export async function describeImageFile(
  source: ByteSource,
  path: string,
  options: NormalizeOptions = {},
): Promise<ImageFileDescription> {
  const header = await readImageHeader(source);
  const normalized = normalizeFrame({ path, ...header.input }, options);
  const diagnostics = [...header.diagnostics, ...normalized.diagnostics];
  let hdus: ImageFileDescription['hdus'];
  if (header.format === 'fits') {
    const all = await readAllFitsHdus(source, diagnostics);
    hdus = all.map((hdu) => ({
      index: hdu.index,
      kind: hdu.kind,
      cards: hdu.header.cards
        .filter((card) => card.kind !== 'end')
        .map((card) => ({
          keyword: card.keyword,
          value: toJsonValue(card.value),
          comment: card.comment ?? null,
        })),
    }));
  } else {
    hdus = (header.xisf?.images ?? []).map((image) => ({
      index: image.index,
      kind: 'xisf-image',
      cards: [
        ...image.fitsKeywords.map((card) => ({
          keyword: card.keyword,
          value: card.value,
          comment: card.comment ?? null,
        })),
        ...image.properties.map((p) => ({
          keyword: p.id,
          value: p.value,
          comment: p.comment ?? `XISF property (${p.type})`,
        })),
      ],
    }));
  }
  return { format: header.format, hdus, record: normalized.value, diagnostics };
}

// A damaged later HDU must not hide the image header we already have.
async function readAllFitsHdus(source: ByteSource, diagnostics: Diagnostic[]) {
  try {
    const result = await readFitsHeaders(source);
    diagnostics.push(
      ...result.diagnostics.filter(
        (d) => !diagnostics.some((e) => e.code === d.code && e.message === d.message),
      ),
    );
    return result.value;
  } catch (error) {
    if (!isAstroError(error)) throw error;
    diagnostics.push({ severity: 'error', code: error.code, message: error.message });
    return (await readFitsImageHeader(source)).value.hdus;
  }
}

function toJsonValue(value: FitsValue | undefined): JsonCardValue {
  if (value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}
