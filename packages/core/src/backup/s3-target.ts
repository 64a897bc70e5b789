import type * as S3 from '@aws-sdk/client-s3';
import { AstroError, ErrorCode } from '../errors/index.js';
import {
  META_MTIME,
  META_SHA256,
  META_SIZE,
  putMultipart,
  putSingle,
  unquote,
  type PartChecksumAlgorithm,
  type S3UploadContext,
} from './s3-upload.js';
import type {
  ArchiveState,
  ListPage,
  RestoreRequestOutcome,
  StorageTarget,
} from './storage-target.js';
import { uploadBuffers } from './upload-buffers.js';

/** The one method of S3Client we use, so tests and hosts can hand in their own client. */
export interface S3Sender {
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface S3TargetOptions {
  name?: string;
  bucket: string;
  /** Key prefix inside the bucket, e.g. `astro/`; a trailing slash is added when missing. */
  prefix?: string;
  /** For S3-compatible stores (MinIO, Wasabi, a test server); implies path-style addressing. */
  endpoint?: string;
  region?: string;
  /** Storage class for new objects (STANDARD, STANDARD_IA, GLACIER_IR, ...). */
  storageClass?: string;
  /** Files larger than this go multipart, in parts of this size (default 16 MiB). */
  partSizeBytes?: number;
  /** Parts in flight per file (default 4). */
  partConcurrency?: number;
  /**
   * Checksum each part carries, checked by S3 on arrival (default CRC32, as the AWS SDKs do;
   * SHA-256 also signs each part's body but costs a hash per byte). The whole object's SHA-256
   * is computed from the bytes sent either way.
   */
  partChecksum?: PartChecksumAlgorithm;
  /** SDK-level attempts per request (default 3); backups add their own retries per file. */
  maxAttempts?: number;
  /** A ready client (tests, or a host's own). Otherwise one is built from the standard credential chain. */
  client?: S3Sender;
}

export interface S3StorageTarget extends StorageTarget {
  readonly kind: 's3';
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Sender;
}

const MIN_PART_BYTES = 5 * 1024 * 1024;
const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

let sdkPromise: Promise<typeof S3> | undefined;
/** The SDK is large; load it only when an S3 target is opened. */
export function loadS3Sdk(): Promise<typeof S3> {
  sdkPromise ??= import('@aws-sdk/client-s3');
  return sdkPromise;
}

/**
 * Opens an S3 (or S3-compatible) bucket as a backup target. Credentials come only from the
 * standard AWS chain (environment, profile, SSO, instance role); they are never stored.
 *
 * @example
 * ```ts
 * const target = await openS3Target({ bucket: 'my-astro', prefix: 'library', region: 'eu-west-1' });
 * ```
 */
export async function openS3Target(options: S3TargetOptions): Promise<S3StorageTarget> {
  const sdk = await loadS3Sdk();
  const client: S3Sender =
    options.client ??
    new sdk.S3Client({
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      // We send our own checksums; SDK-added ones would wrap streamed bodies in aws-chunked framing.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // With `Expect: 100-continue` the SDK opens a fresh, non-keep-alive connection per part.
      expectContinueHeader: false,
      maxAttempts: options.maxAttempts ?? 3,
    });
  const bucket = options.bucket;
  const prefix = options.prefix ? options.prefix.replace(/^\/+/, '').replace(/\/*$/, '/') : '';
  const partSizeBytes = Math.max(MIN_PART_BYTES, options.partSizeBytes ?? 16 * 1024 * 1024);
  const partConcurrency = Math.max(1, options.partConcurrency ?? 4);
  const send = <T>(command: object, signal?: AbortSignal) =>
    client.send(command, signal ? { abortSignal: signal } : undefined) as Promise<T>;
  const fullKey = (key: string) => prefix + key;
  const uploads: S3UploadContext = {
    sdk,
    bucket,
    fullKey,
    partSizeBytes,
    partConcurrency,
    partChecksum: options.partChecksum ?? 'CRC32',
    buffers: uploadBuffers(partSizeBytes),
    storageClass: options.storageClass,
    send,
  };

  const target: S3StorageTarget = {
    name: options.name ?? 's3',
    kind: 's3',
    location: `s3://${bucket}/${prefix}`,
    bucket,
    prefix,
    client,

    async put(request) {
      try {
        return request.sizeBytes > partSizeBytes
          ? await putMultipart(uploads, request)
          : await putSingle(uploads, request);
      } catch (error) {
        throw wrapRemote(error, `upload of ${request.key} failed`);
      }
    },

    async head(key) {
      let output: S3.HeadObjectCommandOutput;
      try {
        output = await send<S3.HeadObjectCommandOutput>(
          new sdk.HeadObjectCommand({ Bucket: bucket, Key: fullKey(key) }),
        );
      } catch (error) {
        if (isNotFound(error)) return null;
        throw wrapRemote(error, `HEAD ${key} failed`);
      }
      const meta = output.Metadata ?? {};
      const storageClass = output.StorageClass ?? 'STANDARD';
      return {
        key,
        sizeBytes: output.ContentLength ?? 0,
        etag: unquote(output.ETag),
        versionId: output.VersionId ?? null,
        storageClass,
        lastModifiedMs: output.LastModified ? output.LastModified.getTime() : null,
        facts: {
          sha256: meta[META_SHA256] ?? null,
          sizeBytes: numberOrNull(meta[META_SIZE]),
          mtimeMs: numberOrNull(meta[META_MTIME]),
        },
        archiveState: archiveState(storageClass, output.Restore),
      };
    },

    async get(key, getOptions = {}) {
      try {
        const range = getOptions.range
          ? `bytes=${getOptions.range.start}-${getOptions.range.end}`
          : undefined;
        const output = await send<S3.GetObjectCommandOutput>(
          new sdk.GetObjectCommand({
            Bucket: bucket,
            Key: fullKey(key),
            Range: range,
            VersionId: getOptions.versionId,
          }),
          getOptions.signal,
        );
        if (!output.Body)
          throw new AstroError(ErrorCode.REMOTE_ERROR, `GET ${key} returned no body`);
        return output.Body as AsyncIterable<Uint8Array>;
      } catch (error) {
        throw wrapRemote(error, `GET ${key} failed`);
      }
    },

    async list(listOptions = {}): Promise<ListPage> {
      try {
        const output = await send<S3.ListObjectsV2CommandOutput>(
          new sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix + (listOptions.prefix ?? ''),
            ContinuationToken: listOptions.pageToken,
            MaxKeys: listOptions.pageSize,
          }),
        );
        const objects = (output.Contents ?? []).map((item) => ({
          key: (item.Key ?? '').slice(prefix.length),
          sizeBytes: item.Size ?? 0,
          etag: unquote(item.ETag),
          storageClass: item.StorageClass ?? 'STANDARD',
          lastModifiedMs: item.LastModified ? item.LastModified.getTime() : null,
        }));
        return output.IsTruncated && output.NextContinuationToken
          ? { objects, nextPageToken: output.NextContinuationToken }
          : { objects };
      } catch (error) {
        throw wrapRemote(error, `listing ${bucket}/${prefix} failed`);
      }
    },

    async delete(key, deleteOptions = {}) {
      try {
        await send(
          new sdk.DeleteObjectCommand({
            Bucket: bucket,
            Key: fullKey(key),
            VersionId: deleteOptions.versionId,
          }),
        );
      } catch (error) {
        throw wrapRemote(error, `DELETE ${key} failed`);
      }
    },

    async requestRestore(key, restoreOptions = {}): Promise<RestoreRequestOutcome> {
      const head = await target.head(key);
      if (!head)
        throw new AstroError(ErrorCode.REMOTE_ERROR, `no such object: ${key}`, {
          details: { key },
        });
      if (head.archiveState === 'not-archived') return 'not-archived';
      if (head.archiveState === 'restored') return 'available';
      if (head.archiveState === 'restore-in-progress') return 'in-progress';
      try {
        await send(
          new sdk.RestoreObjectCommand({
            Bucket: bucket,
            Key: fullKey(key),
            RestoreRequest: {
              Days: restoreOptions.days ?? 7,
              GlacierJobParameters: { Tier: restoreOptions.tier ?? 'Standard' },
            },
          }),
        );
        return 'started';
      } catch (error) {
        if ((error as { name?: string }).name === 'RestoreAlreadyInProgress') return 'in-progress';
        throw wrapRemote(error, `restore request for ${key} failed`);
      }
    },

    async abortIncompleteUploads(abortOptions = {}) {
      const cutoff = (abortOptions.now ?? Date.now()) - (abortOptions.olderThanMs ?? 0);
      let aborted = 0;
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (;;) {
        let page: S3.ListMultipartUploadsCommandOutput;
        try {
          page = await send<S3.ListMultipartUploadsCommandOutput>(
            new sdk.ListMultipartUploadsCommand({
              Bucket: bucket,
              Prefix: prefix,
              KeyMarker: keyMarker,
              UploadIdMarker: uploadIdMarker,
            }),
          );
        } catch (error) {
          throw wrapRemote(error, `listing incomplete uploads in ${bucket} failed`);
        }
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId) continue;
          if (upload.Initiated && upload.Initiated.getTime() > cutoff) continue;
          if (abortOptions.keepUploadIds?.has(upload.UploadId)) continue;
          await send(
            new sdk.AbortMultipartUploadCommand({
              Bucket: bucket,
              Key: upload.Key,
              UploadId: upload.UploadId,
            }),
          );
          aborted++;
        }
        if (!page.IsTruncated) return aborted;
        keyMarker = page.NextKeyMarker;
        uploadIdMarker = page.NextUploadIdMarker;
      }
    },
  };
  return target;
}

function archiveState(storageClass: string, restore: string | undefined): ArchiveState {
  if (!ARCHIVE_CLASSES.has(storageClass)) return 'not-archived';
  if (!restore) return 'archived';
  return /ongoing-request="true"/.test(restore) ? 'restore-in-progress' : 'restored';
}

function numberOrNull(value: string | undefined): number | null {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

function wrapRemote(error: unknown, message: string): AstroError {
  if (error instanceof AstroError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return new AstroError(
    ErrorCode.REMOTE_ERROR,
    `${message}: ${e.name ?? 'Error'} ${e.message ?? ''}`.trim(),
    {
      cause: error,
      details: { status: e.$metadata?.httpStatusCode ?? null, name: e.name ?? null },
    },
  );
}
