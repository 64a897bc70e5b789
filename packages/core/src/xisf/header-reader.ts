import { AstroError, ErrorCode, type WithDiagnostics } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { readXisfPreamble, XISF_PREAMBLE_LENGTH } from './preamble.js';
import type { XisfHeader } from './types.js';
import { parseXisfXml, type ParsedXisfXml } from './xml-header.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the preamble and XML header and parses them, keeping the block references. */
export async function readParsedXisfHeader(source: ByteSource): Promise<ParsedXisfXml> {
  const preamble = await readXisfPreamble(source);
  const bytes = await source.read(XISF_PREAMBLE_LENGTH, preamble.headerLength);
  if (bytes.length < preamble.headerLength) {
    throw new AstroError(ErrorCode.TRUNCATED, 'the file ends inside the XISF header');
  }
  // Writers may count zero padding after the XML in the header length.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  let xml: string;
  try {
    xml = utf8.decode(bytes.subarray(0, end));
  } catch (cause) {
    throw new AstroError(ErrorCode.XISF_BAD_HEADER, 'XISF header: the XML is not valid UTF-8', {
      cause,
    });
  }
  const parsed = parseXisfXml(xml.replace(/^\uFEFF/, ''), preamble.headerLength);
  parsed.diagnostics.unshift(...preamble.diagnostics);
  return parsed;
}

/**
 * Reads an XISF file's header: the 16-byte preamble and the XML, never the data blocks.
 * Structural problems throw (EMPTY_FILE, XISF_NOT_XISF, TRUNCATED, XISF_BAD_HEADER); anything
 * readable but odd (an unparsable keyword value, an ignored element) is a diagnostic.
 *
 * @example
 * ```ts
 * const { value: header } = await withFileSource('master.xisf', readXisfHeader);
 * header.images[0]?.fitsKeywords.find((card) => card.keyword === 'EXPTIME');
 * ```
 */
export async function readXisfHeader(source: ByteSource): Promise<WithDiagnostics<XisfHeader>> {
  const { header, diagnostics } = await readParsedXisfHeader(source);
  return { value: header, diagnostics };
}
