import type { ByteSource } from '../io/byte-source.js';
import type { UploadCheckpoints } from './upload-checkpoints.js';

/** Our facts about an object, stored in its metadata so the remote copy describes itself. */
export interface ObjectFacts {
  /** SHA-256 of the content, hex. */
  sha256: string;
  sizeBytes: number;
  /** Local modification time when the copy was made. */
  mtimeMs: number;
}

export interface PutObjectRequest extends Omit<ObjectFacts, 'sha256'> {
  /** Key relative to the target's prefix, `/`-separated. */
  key: string;
  /**
   * Where the bytes come from; read in pages, so a 2 GB master never sits in memory. A source
   * with `readInto` (see `openFileSource`) lets the target reuse its part buffers.
   */
  source: ByteSource;
  /**
   * SHA-256 the content should have (e.g. from the catalog), hex. The target hashes the bytes it
   * sends in the same pass that sends them and refuses to commit the object when they differ
   * (CHECKSUM_MISMATCH). When absent, the target computes it (a multipart upload reads the
   * source twice then: metadata must be known before the first part).
   */
  sha256?: string;
  /** MD5 the content should have, hex; checked like `sha256` where the target computes MD5. */
  md5?: string;
  storageClass?: string;
  /** Object tags (S3) used by lifecycle rules, e.g. `{ frameType: 'LIGHT' }`. */
  tags?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Where a multipart upload records the parts the server has acknowledged, so that after a
   * failure or a killed process the next attempt sends only the rest (S3 targets; see
   * `UploadCheckpoints`). Without it a failed upload is aborted.
   */
  checkpoints?: UploadCheckpoints;
  /** Called with the number of bytes just sent. */
  onBytes?: (bytes: number) => void;
}

export interface PutObjectResult {
  key: string;
  /** SHA-256 of exactly the bytes sent, hex: what the object's metadata says. */
  sha256: string;
  etag: string | null;
  versionId: string | null;
  /** 1 for a single-part upload. */
  partCount: number;
  /** MD5 of what was sent (single-part only), to compare with a plain ETag. */
  md5: string | null;
  /** Bytes not sent because an earlier, interrupted attempt had (see `checkpoints`). */
  resumedBytes?: number;
}

/** Whether an archived object (GLACIER, DEEP_ARCHIVE) can be read now. */
export type ArchiveState = 'not-archived' | 'archived' | 'restore-in-progress' | 'restored';

export interface RemoteObjectHead {
  key: string;
  sizeBytes: number;
  etag: string | null;
  versionId: string | null;
  storageClass: string;
  lastModifiedMs: number | null;
  /** Our metadata as read back; fields are null when absent or unparsable. */
  facts: { sha256: string | null; sizeBytes: number | null; mtimeMs: number | null };
  archiveState: ArchiveState;
}

export interface RemoteObjectSummary {
  key: string;
  sizeBytes: number;
  etag: string | null;
  storageClass: string;
  lastModifiedMs: number | null;
}

export interface ListPage {
  objects: RemoteObjectSummary[];
  /** Pass back to get the next page; absent on the last page. */
  nextPageToken?: string;
}

export type RestoreRequestOutcome = 'started' | 'in-progress' | 'available' | 'not-archived';

/**
 * One place backups live: a NAS folder or an S3-compatible bucket. Keys are relative to the
 * target's prefix and mirror the library layout.
 */
export interface StorageTarget {
  readonly name: string;
  readonly kind: 'folder' | 's3';
  /** Human-readable location, e.g. `s3://bucket/prefix` (never includes credentials). */
  readonly location: string;
  put(request: PutObjectRequest): Promise<PutObjectResult>;
  /** Returns null when the object does not exist. */
  head(key: string): Promise<RemoteObjectHead | null>;
  /** Streams the object's bytes; `range` is inclusive like HTTP Range. */
  get(
    key: string,
    options?: { range?: { start: number; end: number }; versionId?: string; signal?: AbortSignal },
  ): Promise<AsyncIterable<Uint8Array>>;
  list(options?: { prefix?: string; pageToken?: string; pageSize?: number }): Promise<ListPage>;
  delete(key: string, options?: { versionId?: string }): Promise<void>;
  /** Starts retrieval of an archived object; reports where it stands. */
  requestRestore(
    key: string,
    options?: { days?: number; tier?: 'Expedited' | 'Standard' | 'Bulk' },
  ): Promise<RestoreRequestOutcome>;
  /**
   * Aborts multipart uploads left behind by interrupted runs, except `keepUploadIds` (uploads a
   * checkpoint will continue); returns how many were aborted.
   */
  abortIncompleteUploads(options?: {
    olderThanMs?: number;
    now?: number;
    keepUploadIds?: ReadonlySet<string>;
  }): Promise<number>;
}

/** Lists every object of a target, page by page. */
export async function* listAllObjects(
  target: StorageTarget,
  prefix?: string,
): AsyncGenerator<RemoteObjectSummary> {
  let pageToken: string | undefined;
  do {
    const page = await target.list({ prefix, pageToken });
    yield* page.objects;
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
}

/** Normalizes a library-relative path into an object key (forward slashes, no leading slash). */
export function keyForRelPath(relPath: string): string {
  return relPath.replace(/\\/g, '/').replace(/^\/+/, '');
}
