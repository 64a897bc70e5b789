import type { PartChecksumAlgorithm } from './s3-upload.js';

/** One part the server has acknowledged. */
export interface SentPart {
  partNumber: number;
  etag: string;
  /** The part's checksum as sent (base64, of the algorithm in its checkpoint). */
  checksum: string;
}

/**
 * A multipart upload in progress: enough to continue it after a failure or a killed process
 * instead of sending every part again.
 */
export interface UploadCheckpoint {
  uploadId: string;
  /** SHA-256 of the whole file the upload was started for: its metadata says so. */
  sha256: string;
  sizeBytes: number;
  /** The file's mtime (ms) the upload's metadata records: restore sets it back. */
  mtimeMs: number;
  partBytes: number;
  partChecksum: PartChecksumAlgorithm;
  startedAtMs: number;
  parts: SentPart[];
}

/**
 * Where a target's multipart uploads record their progress (the catalog's SQLite through
 * `sqlBackupLedger`, or memory). Keys are relative to the target's prefix.
 */
export interface UploadCheckpoints {
  load(key: string): Promise<UploadCheckpoint | null>;
  /** Records a new upload (no parts yet), replacing any earlier one for the key. */
  start(key: string, checkpoint: Omit<UploadCheckpoint, 'parts'>): Promise<void>;
  /** Records an acknowledged part, once the server has answered for it. */
  partSent(key: string, uploadId: string, part: SentPart): Promise<void>;
  /** Forgets the key's upload: completed, aborted or gone. */
  clear(key: string): Promise<void>;
  /** Every upload in progress. */
  list(): Promise<Array<{ key: string; uploadId: string; startedAtMs: number }>>;
}

/** Checkpoints held in memory, for one process (its retries). */
export function memoryUploadCheckpoints(): UploadCheckpoints {
  const uploads = new Map<string, UploadCheckpoint>();
  return {
    load: async (key) => {
      const found = uploads.get(key);
      return found
        ? {
            ...found,
            parts: found.parts
              .map((part) => ({ ...part }))
              .sort((a, b) => a.partNumber - b.partNumber),
          }
        : null;
    },
    start: async (key, checkpoint) => {
      uploads.set(key, { ...checkpoint, parts: [] });
    },
    partSent: async (key, uploadId, part) => {
      const found = uploads.get(key);
      if (found?.uploadId !== uploadId) return;
      found.parts = found.parts.filter((other) => other.partNumber !== part.partNumber);
      found.parts.push({ ...part });
    },
    clear: async (key) => {
      uploads.delete(key);
    },
    list: async () =>
      [...uploads].map(([key, { uploadId, startedAtMs }]) => ({ key, uploadId, startedAtMs })),
  };
}
