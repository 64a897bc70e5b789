import type { FileFacts } from '../catalog/index.js';
import { AstroError, ErrorCode, toAstroError } from '../errors/index.js';
import { readFrameRecord } from '../image-file/index.js';
import type { ByteSource } from '../io/index.js';
import type { FrameRecord } from '../metadata/index.js';
import { frameFingerprint } from './fingerprint.js';

export interface PendingFrame {
  record: FrameRecord;
  file: FileFacts;
  fingerprint: string;
}

export interface IngestError {
  path: string;
  code: string;
  message: string;
}

/**
 * Reads one file's header into a record ready for the catalog, or the reason it cannot be
 * cataloged (empty, truncated, not an image, unreadable header). Touches no catalog, so it runs
 * on worker threads too. A given `source` (already holding the file's first bytes) is read
 * instead of opening the file; the caller closes it.
 */
export async function readPendingFrame(
  path: string,
  file: FileFacts,
  options: { timeZone?: string | undefined; source?: ByteSource },
): Promise<PendingFrame | IngestError> {
  try {
    const { value: record, diagnostics } = await readFrameRecord(path, {
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.source ? { source: options.source } : {}),
    });
    // A header whose data section is cut short describes a frame that is not all there.
    const truncated = diagnostics.find(
      (d) => d.severity === 'error' && d.code === ErrorCode.TRUNCATED,
    );
    if (truncated) throw new AstroError(ErrorCode.TRUNCATED, truncated.message);
    return { record, file, fingerprint: frameFingerprint(record, file.sizeBytes) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const astro = toAstroError(error);
    return { path, code: astro.code, message: astro.message };
  }
}

export function isIngestError<T extends object>(value: T | IngestError): value is IngestError {
  return 'code' in value;
}
