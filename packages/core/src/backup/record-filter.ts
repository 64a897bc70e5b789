import type { BackupRecord } from './backup-ledger.js';

/** Selects records by file, session or astronomical target (all given fields must match). */
export interface RecordFilter {
  /** Library-relative paths, or folder prefixes ending in `/`. */
  paths?: string[];
  /** Observing night, YYYY-MM-DD. */
  night?: string;
  /** Astronomical target (e.g. `M31`). */
  astroTarget?: string;
  rig?: string;
  frameType?: string;
}

export function matchesRecord(record: BackupRecord, filter: RecordFilter = {}): boolean {
  if (filter.paths && filter.paths.length > 0) {
    const path = record.relPath.replace(/\\/g, '/');
    const hit = filter.paths.some((p) => {
      const wanted = p.replace(/\\/g, '/');
      return wanted.endsWith('/') ? path.startsWith(wanted) : path === wanted;
    });
    if (!hit) return false;
  }
  if (filter.night !== undefined && record.night !== filter.night) return false;
  if (filter.astroTarget !== undefined && record.astroTarget !== filter.astroTarget) return false;
  if (filter.rig !== undefined && record.rig !== filter.rig) return false;
  if (filter.frameType !== undefined && record.frameType !== filter.frameType) return false;
  return true;
}
