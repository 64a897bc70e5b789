import { AstroError, ErrorCode, type Diagnostic } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';

/** "XISF0100": the signature of a monolithic XISF 1.0 file. */
export const XISF_SIGNATURE = new Uint8Array([0x58, 0x49, 0x53, 0x46, 0x30, 0x31, 0x30, 0x30]);
export const XISF_PREAMBLE_LENGTH = 16;

export interface XisfPreamble {
  /** Length in bytes of the XML header that follows the preamble. */
  headerLength: number;
  diagnostics: Diagnostic[];
}

/** True when the bytes start with the XISF signature (or with as much of it as they hold). */
export function hasXisfSignature(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, XISF_SIGNATURE.length);
  for (let i = 0; i < n; i++) if (bytes[i] !== XISF_SIGNATURE[i]) return false;
  return n > 0;
}

/**
 * Reads and checks the 16-byte preamble: signature, little-endian uint32 header length and
 * four reserved bytes. Throws EMPTY_FILE, XISF_NOT_XISF or TRUNCATED.
 *
 * @example
 * ```ts
 * const { headerLength } = await readXisfPreamble(source);
 * ```
 */
export async function readXisfPreamble(source: ByteSource): Promise<XisfPreamble> {
  if (source.size === 0) throw new AstroError(ErrorCode.EMPTY_FILE, 'the file is empty');
  const bytes = await source.read(0, XISF_PREAMBLE_LENGTH);
  if (!hasXisfSignature(bytes)) {
    throw new AstroError(
      ErrorCode.XISF_NOT_XISF,
      'not an XISF file: the XISF0100 signature is missing',
    );
  }
  if (bytes.length < XISF_PREAMBLE_LENGTH) {
    throw new AstroError(
      ErrorCode.TRUNCATED,
      `the file ends inside the XISF preamble (${bytes.length} of 16 bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const diagnostics: Diagnostic[] = [];
  if (view.getUint32(12, true) !== 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_RESERVED',
      message: 'the reserved preamble bytes are not zero',
    });
  }
  if (headerLength === 0)
    throw new AstroError(ErrorCode.XISF_BAD_HEADER, 'XISF header: the header length is zero');
  if (XISF_PREAMBLE_LENGTH + headerLength > source.size) {
    throw new AstroError(
      ErrorCode.TRUNCATED,
      `the file ends inside the XISF header (${source.size} bytes, header needs ${XISF_PREAMBLE_LENGTH + headerLength})`,
      { details: { headerLength, size: source.size } },
    );
  }
  return { headerLength, diagnostics };
}
