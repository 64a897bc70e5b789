import { createHash } from 'node:crypto';
import type { FrameRecord } from '../metadata/index.js';

/**
 * A frame's identity before its content hash is known: the header facts that make an exposure
 * unique (when, which camera, how long, what) plus the file size. Renaming or moving a file
 * keeps it; editing pixels or header keeps the size but is caught later by the content hash.
 */
export function frameFingerprint(record: FrameRecord, sizeBytes: number): string {
  const parts = [
    record.dateObsUtc,
    record.camera,
    record.widthPx,
    record.heightPx,
    record.exposureSec,
    record.frameType,
    record.target,
    record.panel,
    record.filter,
    record.rawHeader.length,
    sizeBytes,
  ];
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}
