import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AstroError, ErrorCode, type Diagnostic } from '../errors/index.js';
import type { HeaderCard } from '../metadata/frame-record.js';
import { parseChecksum, parseCompression, parseLocation } from './block-attributes.js';
import { parseFitsKeywordValue } from './fits-keyword.js';
import { parsePropertyElement } from './property.js';
import { XISF_SAMPLE_FORMATS } from './sample-format.js';
import type { XisfHeader, XisfImageInfo, XisfProperty, XisfSampleFormat } from './types.js';
import { decodeXmlEntities } from './xml-entities.js';

export const XISF_NAMESPACE = 'http://www.pixinsight.com/xisf';

type XmlNode = Record<string, unknown>;

const ATTR = '@_';
const TEXT = '#text';
const ARRAY_TAGS = new Set(['Image', 'FITSKeyword', 'Property', 'Metadata', 'Data']);
const IMAGE_CHILDREN_READ = new Set(['FITSKeyword', 'Property', 'Data']);

// Entity processing is off: a DOCTYPE's entities are never expanded (no billion laughs);
// the five predefined entities and character references are decoded by decodeXmlEntities.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/** Where an image's pixel block lives, with the raw attributes the image reader needs. */
export interface ImageBlockRef {
  location: XisfImageInfo['location'];
  compression?: string;
  subblocks?: string;
  /** Base64/hex text of an inline or embedded block. */
  encodedText?: string;
  encoding?: string;
}

export interface ParsedXisfXml {
  header: XisfHeader;
  blocks: ImageBlockRef[];
  diagnostics: Diagnostic[];
}

function badHeader(message: string): AstroError {
  return new AstroError(ErrorCode.XISF_BAD_HEADER, `XISF header: ${message}`);
}

function asNode(value: unknown): XmlNode {
  if (typeof value === 'string') return { [TEXT]: value };
  return value !== null && typeof value === 'object' ? (value as XmlNode) : {};
}

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(asNode);
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[ATTR + name];
  return typeof value === 'string' ? decodeXmlEntities(value) : undefined;
}

function text(node: XmlNode): string | undefined {
  const value = node[TEXT];
  return typeof value === 'string' ? decodeXmlEntities(value) : undefined;
}

function childElementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((key) => !key.startsWith(ATTR) && key !== TEXT);
}

function readProperties(
  node: XmlNode,
  diagnostics: Diagnostic[],
  imageIndex?: number,
): XisfProperty[] {
  const out: XisfProperty[] = [];
  for (const element of children(node, 'Property')) {
    const property = parsePropertyElement(
      {
        id: attr(element, 'id'),
        type: attr(element, 'type'),
        value: attr(element, 'value'),
        comment: attr(element, 'comment'),
        location: attr(element, 'location'),
        text: text(element),
      },
      diagnostics,
      imageIndex,
    );
    if (property) out.push(property);
  }
  return out;
}

function readFitsKeywords(node: XmlNode, diagnostics: Diagnostic[], index: number): HeaderCard[] {
  const cards: HeaderCard[] = [];
  for (const element of children(node, 'FITSKeyword')) {
    const keyword = attr(element, 'name')?.trim();
    if (!keyword) {
      diagnostics.push({
        severity: 'warning',
        code: 'XISF_FITS_KEYWORD',
        message: 'FITSKeyword without a name skipped',
        hdu: index,
      });
      continue;
    }
    const parsed = parseFitsKeywordValue(attr(element, 'value') ?? '');
    const card: HeaderCard = { keyword, value: parsed.value };
    const comment = attr(element, 'comment');
    if (comment !== undefined && comment !== '') card.comment = comment;
    if (parsed.problem) {
      diagnostics.push({
        severity: 'warning',
        code: 'XISF_FITS_KEYWORD',
        message: `FITSKeyword ${keyword}: ${parsed.problem}`,
        hdu: index,
        card: cards.length,
      });
    }
    cards.push(card);
  }
  return cards;
}

function readImage(
  node: XmlNode,
  index: number,
  diagnostics: Diagnostic[],
): { info: XisfImageInfo; block: ImageBlockRef } {
  const where = `Image #${index}`;
  const geometryAttr = attr(node, 'geometry');
  if (geometryAttr === undefined) throw badHeader(`${where} has no geometry attribute`);
  const geometry = geometryAttr.split(':').map((part) => Number(part.trim()));
  if (geometry.length < 2 || geometry.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw badHeader(`${where} has a bad geometry="${geometryAttr}"`);
  }
  const sampleFormat = attr(node, 'sampleFormat');
  if (sampleFormat === undefined) throw badHeader(`${where} has no sampleFormat attribute`);
  if (!(XISF_SAMPLE_FORMATS as readonly string[]).includes(sampleFormat)) {
    throw badHeader(`${where} has an unknown sampleFormat="${sampleFormat}"`);
  }
  const locationAttr = attr(node, 'location');
  if (locationAttr === undefined) throw badHeader(`${where} has no location attribute`);
  const location = parseLocation(locationAttr);
  if (typeof location === 'string') throw badHeader(`${where}: ${location}`);

  const dims = geometry.slice(0, -1);
  const info: XisfImageInfo = {
    index,
    geometry,
    width: dims[0]!,
    height: dims[1] ?? 1,
    channels: geometry[geometry.length - 1]!,
    sampleFormat: sampleFormat as XisfSampleFormat,
    colorSpace: attr(node, 'colorSpace') ?? 'Gray',
    pixelStorage: 'Planar',
    location,
    fitsKeywords: readFitsKeywords(node, diagnostics, index),
    properties: readProperties(node, diagnostics, index),
  };
  const warn = (message: string): void => {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_IMAGE_ATTRIBUTE',
      message: `${where}: ${message}`,
      hdu: index,
    });
  };

  const storage = attr(node, 'pixelStorage');
  if (storage === 'Normal') info.pixelStorage = 'Normal';
  else if (storage !== undefined && storage !== 'Planar')
    warn(`unknown pixelStorage="${storage}", Planar assumed`);

  const boundsAttr = attr(node, 'bounds');
  if (boundsAttr !== undefined) {
    const bounds = boundsAttr.split(':').map(Number);
    if (bounds.length === 2 && bounds.every(Number.isFinite))
      info.bounds = [bounds[0]!, bounds[1]!];
    else warn(`bad bounds="${boundsAttr}"`);
  }
  const imageType = attr(node, 'imageType');
  if (imageType !== undefined) info.imageType = imageType;
  const byteOrder = attr(node, 'byteOrder');
  if (byteOrder === 'big' || byteOrder === 'little') info.byteOrder = byteOrder;
  else if (byteOrder !== undefined) warn(`unknown byteOrder="${byteOrder}", little assumed`);

  const checksumAttr = attr(node, 'checksum');
  if (checksumAttr !== undefined) {
    const checksum = parseChecksum(checksumAttr);
    if (checksum) info.checksum = checksum;
    else warn(`bad checksum="${checksumAttr}"`);
  }

  const block: ImageBlockRef = { location };
  let compressionNode = node;
  if (location.kind === 'embedded') {
    const data = children(node, 'Data')[0];
    if (!data) throw badHeader(`${where} is embedded but has no Data element`);
    compressionNode = data;
    block.encodedText = text(data) ?? '';
    const encoding = attr(data, 'encoding');
    if (encoding !== undefined) block.encoding = encoding;
  } else if (location.kind === 'inline') {
    block.encodedText = text(node) ?? '';
    block.encoding = location.encoding;
  }
  const compressionAttr = attr(compressionNode, 'compression');
  const subblocksAttr = attr(compressionNode, 'subblocks');
  if (compressionAttr !== undefined) {
    block.compression = compressionAttr;
    if (subblocksAttr !== undefined) block.subblocks = subblocksAttr;
    const compression = parseCompression(compressionAttr, subblocksAttr);
    if ('problem' in compression) {
      diagnostics.push({
        severity: 'warning',
        code: compression.unsupported ? ErrorCode.UNSUPPORTED_COMPRESSION : 'XISF_IMAGE_ATTRIBUTE',
        message: `${where}: ${compression.problem}`,
        hdu: index,
      });
    } else {
      const { codec, shuffled, uncompressedSize, itemSize } = compression;
      info.compression =
        itemSize === undefined
          ? { codec, shuffled, uncompressedSize }
          : { codec, shuffled, uncompressedSize, itemSize };
    }
  }

  for (const name of childElementNames(node)) {
    if (!IMAGE_CHILDREN_READ.has(name)) {
      diagnostics.push({
        severity: 'info',
        code: 'XISF_ELEMENT_IGNORED',
        message: `${where}: <${name}> is not read`,
        hdu: index,
      });
    }
  }
  return { info, block };
}

/**
 * Parses the XML of an XISF header (without the 16-byte preamble).
 * Throws XISF_BAD_HEADER for malformed XML or a missing required element or attribute.
 *
 * @example
 * ```ts
 * const { header, diagnostics } = parseXisfXml(xmlText, xmlByteLength);
 * ```
 */
export function parseXisfXml(xml: string, headerLength: number): ParsedXisfXml {
  const diagnostics: Diagnostic[] = [];
  if (/<!DOCTYPE/i.test(xml)) {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_DOCTYPE_IGNORED',
      message: 'the XML header has a DOCTYPE; its entities are not expanded',
    });
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw badHeader(
      `malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  let document: XmlNode;
  try {
    document = asNode(parser.parse(xml));
  } catch (cause) {
    throw new AstroError(
      ErrorCode.XISF_BAD_HEADER,
      `XISF header: malformed XML: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (!('xisf' in document)) throw badHeader('no <xisf> root element');
  const root = asNode(document.xisf);
  const version = attr(root, 'version');
  if (version === undefined) throw badHeader('<xisf> has no version attribute');
  if (version !== '1.0') {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_VERSION',
      message: `XISF version "${version}" is not 1.0; read as 1.0`,
    });
  }
  const namespace = attr(root, 'xmlns');
  if (namespace !== XISF_NAMESPACE) {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_NAMESPACE',
      message: `<xisf> namespace is ${namespace === undefined ? 'missing' : `"${namespace}"`}, expected ${XISF_NAMESPACE}`,
    });
  }

  const images: XisfImageInfo[] = [];
  const blocks: ImageBlockRef[] = [];
  children(root, 'Image').forEach((node, index) => {
    const { info, block } = readImage(node, index, diagnostics);
    images.push(info);
    blocks.push(block);
  });
  const metadataNode = children(root, 'Metadata')[0];
  const metadata = metadataNode ? readProperties(metadataNode, diagnostics) : [];
  if (!metadataNode) {
    diagnostics.push({
      severity: 'info',
      code: 'XISF_NO_METADATA',
      message: 'the header has no <Metadata> element',
    });
  }
  for (const name of childElementNames(root)) {
    if (name !== 'Image' && name !== 'Metadata') {
      diagnostics.push({
        severity: 'info',
        code: 'XISF_ELEMENT_IGNORED',
        message: `<${name}> outside an Image is not read`,
      });
    }
  }
  return { header: { version, images, metadata, headerLength }, blocks, diagnostics };
}
