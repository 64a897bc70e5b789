import {
  AstroError,
  ErrorCode,
  isAstroError,
  type Diagnostic,
  type WithDiagnostics,
} from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { digestBlock } from './checksum.js';
import { readParsedXisfHeader } from './header-reader.js';
import { readStoredBlock } from './stored-block.js';

export interface XisfChecksumResult {
  index: number;
  /** The stored algorithm, or null when the image has no checksum. */
  algorithm: string | null;
  /** true/false once checked; null when there is nothing (or nothing we can) check. */
  ok: boolean | null;
}

/**
 * Checks every image's stored checksum without decoding pixels. A mismatch or a block cut
 * short is an 'error' diagnostic (CHECKSUM_MISMATCH, TRUNCATED), not a throw, so a backup
 * verifier can report all problems of a file at once.
 *
 * @example
 * ```ts
 * const { value, diagnostics } = await verifyXisfChecksums(source);
 * const corrupt = value.filter((r) => r.ok === false);
 * ```
 */
export async function verifyXisfChecksums(
  source: ByteSource,
  options: { signal?: AbortSignal } = {},
): Promise<WithDiagnostics<XisfChecksumResult[]>> {
  const { header, blocks, diagnostics } = await readParsedXisfHeader(source);
  const results: XisfChecksumResult[] = [];
  const out: Diagnostic[] = [...diagnostics];
  for (const info of header.images) {
    if (options.signal?.aborted)
      throw new AstroError(ErrorCode.ABORTED, 'checksum verification was cancelled');
    const checksum = info.checksum;
    if (!checksum) {
      results.push({ index: info.index, algorithm: null, ok: null });
      continue;
    }
    let stored: Uint8Array;
    try {
      stored = await readStoredBlock(source, info, blocks[info.index]!);
    } catch (error) {
      if (!isAstroError(error)) throw error;
      out.push({ severity: 'error', code: error.code, message: error.message, hdu: info.index });
      results.push({ index: info.index, algorithm: checksum.algorithm, ok: false });
      continue;
    }
    const actual = digestBlock(checksum.algorithm, stored);
    if (actual === undefined) {
      out.push({
        severity: 'warning',
        code: 'XISF_CHECKSUM_UNSUPPORTED',
        message: `Image #${info.index}: checksum algorithm ${checksum.algorithm} is not supported`,
        hdu: info.index,
      });
      results.push({ index: info.index, algorithm: checksum.algorithm, ok: null });
      continue;
    }
    const ok = actual === checksum.digest;
    if (!ok) {
      out.push({
        severity: 'error',
        code: ErrorCode.CHECKSUM_MISMATCH,
        message: `Image #${info.index}: ${checksum.algorithm} checksum mismatch (stored ${checksum.digest}, computed ${actual})`,
        hdu: info.index,
      });
    }
    results.push({ index: info.index, algorithm: checksum.algorithm, ok });
  }
  return { value: results, diagnostics: out };
}
