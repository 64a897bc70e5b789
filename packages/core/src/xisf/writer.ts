import { AstroError, ErrorCode } from '../errors/index.js';
import { digestBlock } from './checksum.js';
import { encodeBlock } from './codecs/index.js';
import { formatFitsKeywordValue } from './fits-keyword.js';
import { XISF_PREAMBLE_LENGTH, XISF_SIGNATURE } from './preamble.js';
import { componentBytes, XISF_SAMPLE_FORMATS } from './sample-format.js';
import type { XisfProperty, XisfSampleFormat, XisfWriteImage } from './types.js';
import { escapeXml } from './xml-entities.js';
import { XISF_NAMESPACE } from './xml-header.js';

export interface WriteXisfOptions {
  /** Written as XISF:CreatorApplication; default "astrocat". */
  creatorApplication?: string;
  /** Written as XISF:CreationTime; default now. Pass one for byte-identical output. */
  creationTime?: Date;
}

interface PreparedImage {
  attributes: string;
  children: string;
  stored: Uint8Array;
}

const INTEGER_RANGE: Partial<Record<XisfSampleFormat, number>> = {
  UInt8: 0xff,
  UInt16: 0xffff,
  UInt32: 0xffffffff,
};

function invalid(message: string): AstroError {
  return new AstroError(ErrorCode.INVALID_ARGUMENT, `writeXisf: ${message}`);
}

/** Little-endian sample bytes, refusing values the format cannot hold rather than wrapping them. */
function encodeSamples(image: XisfWriteImage, where: string): Uint8Array {
  const { data, sampleFormat } = image;
  const max = INTEGER_RANGE[sampleFormat];
  if (max !== undefined || sampleFormat === 'UInt64') {
    const limit = max ?? Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isInteger(v) || v < 0 || v > limit)
        throw invalid(`${where}: sample ${i} (${v}) does not fit ${sampleFormat}`);
    }
  }
  switch (sampleFormat) {
    case 'UInt8':
      return Uint8Array.from(data);
    case 'UInt16':
      return new Uint8Array(Uint16Array.from(data).buffer);
    case 'UInt32':
      return new Uint8Array(Uint32Array.from(data).buffer);
    case 'UInt64':
      return new Uint8Array(BigUint64Array.from(Array.from(data, (v) => BigInt(v))).buffer);
    case 'Float32':
    case 'Complex32':
      return new Uint8Array(Float32Array.from(data).buffer);
    case 'Float64':
    case 'Complex64':
      return new Uint8Array(Float64Array.from(data).buffer);
  }
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function propertyXml(property: XisfProperty, where: string): string {
  const comment = property.comment === undefined ? '' : ` comment="${escapeXml(property.comment)}"`;
  const head = `<Property id="${escapeXml(property.id)}" type="${escapeXml(property.type)}"${comment}`;
  const { value } = property;
  if (property.type === 'String') return `${head}>${escapeXml(String(value ?? ''))}</Property>`;
  if (value === null) throw invalid(`${where}: property ${property.id} has no value`);
  let text: string;
  if (typeof value === 'boolean') text = value ? '1' : '0';
  else if (typeof value === 'number') text = formatNumber(value);
  else text = value;
  return `${head} value="${escapeXml(text)}"/>`;
}

function prepareImage(image: XisfWriteImage, index: number): PreparedImage {
  const where = `image #${index}`;
  const channels = image.channels ?? 1;
  const { width, height, sampleFormat } = image;
  if (![width, height, channels].every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw invalid(`${where}: width, height and channels must be positive integers`);
  }
  if (!XISF_SAMPLE_FORMATS.includes(sampleFormat))
    throw invalid(`${where}: unknown sampleFormat ${String(sampleFormat)}`);
  const components = sampleFormat.startsWith('Complex') ? 2 : 1;
  const expected = width * height * channels * components;
  if (image.data.length !== expected)
    throw invalid(`${where}: data has ${image.data.length} samples, expected ${expected}`);
  if (image.shuffle && !image.compression)
    throw invalid(`${where}: shuffle needs a compression codec`);

  const raw = encodeSamples(image, where);
  const colorSpace = image.colorSpace ?? (channels === 3 ? 'RGB' : 'Gray');
  let attributes = `geometry="${width}:${height}:${channels}" sampleFormat="${sampleFormat}"`;
  if (sampleFormat === 'Float32' || sampleFormat === 'Float64') {
    const [lo, hi] = image.bounds ?? [0, 1];
    attributes += ` bounds="${formatNumber(lo)}:${formatNumber(hi)}"`;
  }
  attributes += ` colorSpace="${colorSpace}"`;
  if (image.imageType !== undefined) attributes += ` imageType="${escapeXml(image.imageType)}"`;
  let stored = raw;
  if (image.compression) {
    const itemSize = image.shuffle ? componentBytes(sampleFormat) : undefined;
    stored = encodeBlock(raw, image.compression, itemSize);
    attributes +=
      itemSize === undefined
        ? ` compression="${image.compression}:${raw.length}"`
        : ` compression="${image.compression}+sh:${raw.length}:${itemSize}"`;
  }
  if (image.checksum)
    attributes += ` checksum="${image.checksum}:${digestBlock(image.checksum, stored)!}"`;

  let children = '';
  for (const card of image.fitsKeywords ?? []) {
    if (!card.keyword.trim()) throw invalid(`${where}: a FITS keyword has an empty name`);
    const comment = escapeXml(card.comment ?? '');
    children += `  <FITSKeyword name="${escapeXml(card.keyword)}" value="${escapeXml(formatFitsKeywordValue(card.value))}" comment="${comment}"/>\n`;
  }
  for (const property of image.properties ?? []) children += `  ${propertyXml(property, where)}\n`;
  return { attributes, children, stored };
}

function headerXml(
  prepared: PreparedImage[],
  positions: number[],
  options: WriteXisfOptions,
): string {
  const creator = options.creatorApplication ?? 'astrocat';
  const created = (options.creationTime ?? new Date()).toISOString();
  const images = prepared
    .map(
      (p, i) =>
        `<Image ${p.attributes} location="attachment:${positions[i]}:${p.stored.length}">\n${p.children}</Image>\n`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<!--\nExtensible Image Serialization Format - XISF version 1.0\nCreated with ${creator.replace(/--/g, '- -')}\n-->\n` +
    `<xisf version="1.0" xmlns="${XISF_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `xsi:schemaLocation="${XISF_NAMESPACE} http://pixinsight.com/xisf/xisf-1.0.xsd">\n` +
    images +
    '<Metadata>\n' +
    `  <Property id="XISF:CreationTime" type="TimePoint" value="${created}"/>\n` +
    `  <Property id="XISF:CreatorApplication" type="String">${escapeXml(creator)}</Property>\n` +
    '</Metadata>\n</xisf>\n'
  );
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * Writes a monolithic XISF 1.0 file holding the images, each as an attached block, optionally
 * compressed (zlib, lz4, lz4hc, zstd; `shuffle` byte-shuffles first) and checksummed (the
 * digest covers the stored bytes, as the spec says). lz4hc is written with our plain LZ4
 * encoder (same stream format); zstd uses node:zlib's encoder where Node has one (≥ 22.15) and
 * otherwise stored zstd blocks, valid but uncompressed.
 *
 * @example
 * ```ts
 * const bytes = writeXisf([{ width: 2, height: 1, sampleFormat: 'UInt16', data: [1, 2],
 *   fitsKeywords: [{ keyword: 'IMAGETYP', value: 'Dark Frame' }], compression: 'lz4', shuffle: true }]);
 * ```
 */
export function writeXisf(images: XisfWriteImage[], options: WriteXisfOptions = {}): Uint8Array {
  const prepared = images.map(prepareImage);
  const settings = { ...options, creationTime: options.creationTime ?? new Date() };
  const encoder = new TextEncoder();
  let dataStart = 0;
  let xmlBytes: Uint8Array;
  let positions: number[];
  // Positions are written in the header, whose length moves the positions: iterate to a fixed point.
  for (;;) {
    positions = [];
    let at = dataStart;
    for (const p of prepared) {
      positions.push(at);
      at += p.stored.length;
    }
    xmlBytes = encoder.encode(headerXml(prepared, positions, settings));
    const needed = align(XISF_PREAMBLE_LENGTH + xmlBytes.length, 16);
    if (needed <= dataStart) break;
    dataStart = needed;
  }
  const total = dataStart + prepared.reduce((sum, p) => sum + p.stored.length, 0);
  const out = new Uint8Array(total);
  out.set(XISF_SIGNATURE, 0);
  new DataView(out.buffer).setUint32(8, xmlBytes.length, true);
  out.set(xmlBytes, XISF_PREAMBLE_LENGTH);
  prepared.forEach((p, i) => out.set(p.stored, positions[i]!));
  return out;
}
