/**
 * One library file as the backup sees it (the `BackupSource` port). The lead binds it to the
 * catalog's StoredFrame; `sha256`/`md5` are computed by streaming when the catalog lacks them.
 */
export interface BackupItem {
  /** Absolute local path. */
  path: string;
  /** Library-relative path; becomes the object key under the target's prefix. */
  relPath: string;
  sizeBytes: number;
  mtimeMs: number;
  sha256?: string;
  md5?: string;
  rig?: string | null;
  target?: string | null;
  frameType?: string | null;
  night?: string | null;
}

/** Anything that yields the files to back up: an array, or a catalog query. */
export type BackupSource = Iterable<BackupItem> | AsyncIterable<BackupItem>;

export async function collectItems(source: BackupSource): Promise<BackupItem[]> {
  const items: BackupItem[] = [];
  for await (const item of source) items.push(item);
  return items;
}
