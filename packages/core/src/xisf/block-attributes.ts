import { XISF_CODECS, type BlockCompression, type XisfCodec } from './codecs/index.js';
import type { XisfImageInfo } from './types.js';

/** Parses `attachment:pos:size`, `inline:encoding` or `embedded`; a string is the problem. */
export function parseLocation(attr: string): XisfImageInfo['location'] | string {
  const parts = attr.trim().split(':');
  if (parts[0] === 'attachment' && parts.length === 3) {
    const position = Number(parts[1]);
    const size = Number(parts[2]);
    if (
      Number.isSafeInteger(position) &&
      Number.isSafeInteger(size) &&
      position >= 0 &&
      size >= 0
    ) {
      return { kind: 'attachment', position, size };
    }
    return `bad attachment position or size in location="${attr}"`;
  }
  if (parts[0] === 'inline' && parts.length === 2 && parts[1])
    return { kind: 'inline', encoding: parts[1] };
  if (parts[0] === 'embedded' && parts.length === 1) return { kind: 'embedded' };
  if (/^(url|path)\(/.test(attr.trim())) {
    return `external data block location="${attr}" is not supported in a monolithic file`;
  }
  return `unrecognized location="${attr}"`;
}

/**
 * Parses `codec[+sh]:uncompressed-size[:item-size]` (and the optional `subblocks` attribute).
 * Returns a string describing the problem when it cannot; `unsupported` marks a well-formed
 * attribute naming a codec we do not decode.
 */
export function parseCompression(
  attr: string,
  subblocksAttr?: string,
): BlockCompression | { problem: string; unsupported?: boolean } {
  const parts = attr.trim().split(':');
  const [name = '', sizeText = ''] = parts;
  const shuffled = name.endsWith('+sh');
  const codec = shuffled ? name.slice(0, -3) : name;
  const uncompressedSize = Number(sizeText);
  if (!Number.isSafeInteger(uncompressedSize) || uncompressedSize < 0 || sizeText === '') {
    return { problem: `bad uncompressed size in compression="${attr}"` };
  }
  let itemSize: number | undefined;
  if (parts.length > 2) {
    itemSize = Number(parts[2]);
    if (!Number.isSafeInteger(itemSize) || itemSize < 1)
      return { problem: `bad item size in compression="${attr}"` };
  }
  if (shuffled && itemSize === undefined)
    return { problem: `compression="${attr}" shuffles but gives no item size` };
  if (!(XISF_CODECS as readonly string[]).includes(codec)) {
    return { problem: `compression codec "${codec}" is not supported`, unsupported: true };
  }
  const result: BlockCompression = { codec: codec as XisfCodec, shuffled, uncompressedSize };
  if (itemSize !== undefined) result.itemSize = itemSize;
  if (subblocksAttr !== undefined && subblocksAttr.trim() !== '') {
    const subblocks: Array<[number, number]> = [];
    for (const pair of subblocksAttr.trim().split(':')) {
      const [packed, unpacked] = pair.split(',').map(Number);
      if (!Number.isSafeInteger(packed) || !Number.isSafeInteger(unpacked)) {
        return { problem: `bad subblocks="${subblocksAttr}"` };
      }
      subblocks.push([packed!, unpacked!]);
    }
    result.subblocks = subblocks;
  }
  return result;
}

/** Parses `algorithm:hexdigest`. */
export function parseChecksum(attr: string): { algorithm: string; digest: string } | undefined {
  const match = /^\s*([A-Za-z0-9-]+):([0-9a-fA-F]+)\s*$/.exec(attr);
  return match
    ? { algorithm: match[1]!.toLowerCase(), digest: match[2]!.toLowerCase() }
    : undefined;
}
