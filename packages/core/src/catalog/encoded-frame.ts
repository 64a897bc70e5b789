import type { FrameRecord, HeaderCard } from '../metadata/frame-record.js';
import type { SqlValue } from './driver.js';
import { recordParams } from './frame-columns.js';
import type { FileFacts } from './stored-frame.js';

/** A frame to write: its normalized record, what the scan saw on disk, and its fingerprint. */
export interface UpsertItem {
  record: FrameRecord;
  file: FileFacts;
  fingerprint: string;
  /**
   * Whether a new frame is visible to search at once (no required agents to wait for). Default
   * false: required agents stitch it. An updated frame keeps its state.
   */
  stitched?: boolean;
}

/**
 * A frame in the form the catalog stores it, made without the database: plain strings and
 * numbers. Scan workers encode frames themselves so that only these cross to the writing
 * thread; a record with its ~100 card objects costs ten times more to copy between threads
 * than to write to SQLite.
 */
export interface EncodedFrame {
  path: string;
  file: FileFacts;
  /** Typed column values in `RECORD_COLUMN_NAMES` order, then size, mtime and fingerprint. */
  columns: SqlValue[];
  /** The header's layout (keywords and comments, JSON): frames of a session share it. */
  layout: string;
  /** JSON array of the header's card values, in layout order. */
  values: string;
  stitched: boolean;
}

/**
 * Encodes frames one after another. It remembers recent header layouts, since consecutive
 * frames of a session nearly always share one and comparing is cheaper than serializing.
 */
export class FrameEncoder {
  private readonly recent: Array<{ cards: readonly HeaderCard[]; layout: string }> = [];

  encode(item: UpsertItem): EncodedFrame {
    const { record, file, fingerprint } = item;
    return {
      path: record.path,
      file: { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs },
      columns: [...recordParams(record), file.sizeBytes, file.mtimeMs, fingerprint],
      layout: this.layoutOf(record.rawHeader),
      values: JSON.stringify(record.rawHeader.map((c) => c.value)),
      stitched: item.stitched ?? false,
    };
  }

  private layoutOf(cards: readonly HeaderCard[]): string {
    let found = this.recent.find((r) => sameLayout(r.cards, cards));
    if (!found) {
      found = { cards, layout: headerLayout(cards) };
      this.recent.unshift(found);
      if (this.recent.length > 8) this.recent.pop();
    }
    return found.layout;
  }
}

/** The layout key of a header: `[[keyword, comment or null], ...]` as JSON. */
export function headerLayout(cards: readonly HeaderCard[]): string {
  return JSON.stringify(cards.map((c) => [c.keyword, c.comment ?? null]));
}

function sameLayout(a: readonly HeaderCard[], b: readonly HeaderCard[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.keyword !== b[i]!.keyword || (a[i]!.comment ?? null) !== (b[i]!.comment ?? null))
      return false;
  }
  return true;
}
