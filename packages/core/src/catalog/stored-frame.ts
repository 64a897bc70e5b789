import type { FrameRecord, HeaderCard } from '../metadata/frame-record.js';
import { recordFromRow } from './frame-columns.js';
import type { HeaderStore } from './header-store.js';

/** What the scan saw on disk for a file. */
export interface FileFacts {
  sizeBytes: number;
  mtimeMs: number;
}

/** A value an agent contributes to a frame; searchable through `FrameFilter.fields`. */
export type FieldValue = string | number | boolean | null;

/** A frame as the catalog holds it: the normalized record plus file facts, hashes and agent fields. */
export type StoredFrame = FrameRecord & {
  id: number;
  sizeBytes: number;
  mtimeMs: number;
  sha256: string | null;
  md5: string | null;
  fingerprint: string;
  /** True once every required agent succeeded; only stitched frames are visible to search by default. */
  stitched: boolean;
  fields: Record<string, FieldValue>;
  addedAtMs: number;
  updatedAtMs: number;
};

/** Columns every StoredFrame query selects (frames joined with its stored header). */
export const STORED_FRAME_SELECT =
  'SELECT f.*, h.template_id, h.raw_header FROM frames f LEFT JOIN frame_headers h ON h.frame_id = f.id';

export interface FieldRow {
  frame_id: number;
  name: string;
  value: string | number | null;
  kind: 'text' | 'number' | 'boolean' | 'null';
}

export function fieldValue(row: FieldRow): FieldValue {
  if (row.kind === 'boolean') return row.value === 1;
  if (row.kind === 'null') return null;
  return row.value;
}

/**
 * Builds a StoredFrame from a row. `rawHeader` is decoded on first read: a search over a whole
 * library would otherwise build ~120 card objects per frame that most callers never look at.
 */
export function storedFrameFromRow(
  row: Record<string, unknown>,
  headers: HeaderStore,
  fields: Record<string, FieldValue>,
): StoredFrame {
  const templateId = row.template_id as number | null;
  const frame = {
    ...recordFromRow(row),
    id: row.id as number,
    sizeBytes: row.size_bytes as number,
    mtimeMs: row.mtime_ms as number,
    sha256: (row.sha256 as string | null) ?? null,
    md5: (row.md5 as string | null) ?? null,
    fingerprint: row.fingerprint as string,
    stitched: row.stitched === 1,
    fields,
    addedAtMs: row.added_at_ms as number,
    updatedAtMs: row.updated_at_ms as number,
  } as StoredFrame;
  const decode = templateId === null ? () => [] : headers.decoder(templateId);
  const values = row.raw_header as string;
  let cards: HeaderCard[] | undefined;
  Object.defineProperty(frame, 'rawHeader', {
    enumerable: true,
    configurable: true,
    get: () => (cards ??= decode(values)),
    set: (next: HeaderCard[]) => {
      cards = next;
    },
  });
  return frame;
}
