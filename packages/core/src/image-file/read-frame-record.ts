import type { WithDiagnostics } from '../errors/index.js';
import { openPrefetchedFileSource, type ByteSource } from '../io/index.js';
import { normalizeFrame, type FrameRecord, type NormalizeOptions } from '../metadata/index.js';
import { readImageHeader } from './read-image-header.js';

/**
 * Reads a frame's header (never its pixels) and normalizes it into a FrameRecord.
 *
 * @example
 * ```ts
 * const { value: record, diagnostics } = await readFrameRecord('/data/M31/light_001.fits');
 * console.log(record.target, record.filter, record.exposureSec);
 * ```
 */
export async function readFrameRecord(
  path: string,
  options: NormalizeOptions & { source?: ByteSource } = {},
): Promise<WithDiagnostics<FrameRecord> & { sizeBytes: number }> {
  const source = options.source ?? openPrefetchedFileSource(path);
  try {
    const header = await readImageHeader(source);
    const normalized = normalizeFrame({ path, ...header.input }, options);
    return {
      value: normalized.value,
      diagnostics: [...header.diagnostics, ...normalized.diagnostics],
      sizeBytes: source.size,
    };
  } finally {
    if (!options.source) await source.close();
  }
}
