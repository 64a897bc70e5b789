import { AstroError, ErrorCode } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import type { XisfImageInfo } from './types.js';
import type { ImageBlockRef } from './xml-header.js';

function decodeText(text: string, encoding: string | undefined, where: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (encoding === 'base64') return new Uint8Array(Buffer.from(compact, 'base64'));
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact))
      throw new AstroError(ErrorCode.CORRUPT_DATA, `${where}: bad hex data`);
    return new Uint8Array(Buffer.from(compact, 'hex'));
  }
  throw new AstroError(
    ErrorCode.XISF_BAD_HEADER,
    `XISF header: ${where} has an unknown data encoding "${encoding ?? ''}"`,
  );
}

/** The bytes of an image's data block exactly as stored (compressed when it is). */
export async function readStoredBlock(
  source: ByteSource,
  info: XisfImageInfo,
  block: ImageBlockRef,
): Promise<Uint8Array> {
  const where = `Image #${info.index}`;
  const { location } = block;
  if (location.kind !== 'attachment')
    return decodeText(block.encodedText ?? '', block.encoding, where);
  const end = location.position + location.size;
  if (end > source.size) {
    throw new AstroError(
      ErrorCode.TRUNCATED,
      `${where}: the data block ends at byte ${end} but the file has ${source.size}`,
      { details: { position: location.position, size: location.size, fileSize: source.size } },
    );
  }
  const bytes = await source.read(location.position, location.size);
  if (bytes.length < location.size)
    throw new AstroError(ErrorCode.TRUNCATED, `${where}: the data block is cut short`);
  return bytes;
}
