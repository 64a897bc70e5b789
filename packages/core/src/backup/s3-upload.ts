import { createHash } from 'node:crypto';
import type * as S3 from '@aws-sdk/client-s3';
import { AstroError, ErrorCode } from '../errors/index.js';
import { hexToBase64 } from './hash-file.js';
import { hashBytesOffThread } from './hash-pool.js';
import type { PutObjectRequest, PutObjectResult } from './storage-target.js';

export const META_SHA256 = 'astrocat-sha256';
export const META_SIZE = 'astrocat-size';
export const META_MTIME = 'astrocat-mtime-ms';
const MAX_PARTS = 10_000;

/** What an upload needs from its S3 target. */
export interface S3UploadContext {
  sdk: typeof S3;
  bucket: string;
  fullKey(key: string): string;
  partSizeBytes: number;
  partConcurrency: number;
  storageClass: string | undefined;
  send<T>(command: object, signal?: AbortSignal): Promise<T>;
}

interface PayloadHashCommand {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<unknown>,
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: 'build'; name: string },
    ): void;
  };
}

/**
 * Sends a body whose SHA-256 we already know as the SigV4 payload hash, so the SDK does not hash
 * it again and S3 rejects the request if the body arrives different.
 */
function sendSigned<T>(
  ctx: S3UploadContext,
  payloadSha256Hex: string,
  command: object,
  signal?: AbortSignal,
): Promise<T> {
  const stack = (command as Partial<PayloadHashCommand>).middlewareStack;
  stack?.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-content-sha256'] = payloadSha256Hex;
      return next(args);
    },
    { step: 'build', name: 'astrocatPayloadSha256' },
  );
  return ctx.send<T>(command, signal);
}

function metadataFor(request: PutObjectRequest): Record<string, string> {
  return {
    [META_SHA256]: request.sha256,
    [META_SIZE]: String(request.sizeBytes),
    [META_MTIME]: String(Math.round(request.mtimeMs)),
  };
}
function taggingFor(request: PutObjectRequest): string | undefined {
  if (!request.tags || Object.keys(request.tags).length === 0) return undefined;
  // S3 reads x-amz-tagging as percent-encoding; URLSearchParams' `+` for space would stay a plus.
  return Object.entries(request.tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export async function putSingle(
  ctx: S3UploadContext,
  request: PutObjectRequest,
): Promise<PutObjectResult> {
  let bytes =
    request.sizeBytes === 0 ? new Uint8Array(0) : await request.source.read(0, request.sizeBytes);
  if (bytes.byteLength !== request.sizeBytes) throw changedError(request.key);
  let md5 = request.md5;
  if (!request.hashesFromSource || !md5) {
    // Re-hash what is about to be sent so the metadata SHA-256 provably describes these bytes.
    const hashed = await hashBytesOffThread(bytes);
    bytes = hashed.bytes;
    if (hashed.hashes.sha256 !== request.sha256) throw changedError(request.key);
    if (md5 && md5 !== hashed.hashes.md5) throw changedError(request.key);
    md5 = hashed.hashes.md5;
  }
  const output = await sendSigned<S3.PutObjectCommandOutput>(
    ctx,
    request.sha256,
    new ctx.sdk.PutObjectCommand({
      Bucket: ctx.bucket,
      Key: ctx.fullKey(request.key),
      Body: bytes,
      ContentLength: bytes.byteLength,
      ContentMD5: hexToBase64(md5),
      Metadata: metadataFor(request),
      StorageClass: (request.storageClass ?? ctx.storageClass) as S3.StorageClass | undefined,
      Tagging: taggingFor(request),
    }),
    request.signal,
  );
  request.onBytes?.(bytes.byteLength);
  return {
    key: request.key,
    etag: unquote(output.ETag),
    versionId: output.VersionId ?? null,
    partCount: 1,
    md5,
  };
}

export async function putMultipart(
  ctx: S3UploadContext,
  request: PutObjectRequest,
): Promise<PutObjectResult> {
  const partBytes = Math.max(ctx.partSizeBytes, Math.ceil(request.sizeBytes / MAX_PARTS));
  const created = await ctx.send<S3.CreateMultipartUploadCommandOutput>(
    new ctx.sdk.CreateMultipartUploadCommand({
      Bucket: ctx.bucket,
      Key: ctx.fullKey(request.key),
      Metadata: metadataFor(request),
      StorageClass: (request.storageClass ?? ctx.storageClass) as S3.StorageClass | undefined,
      Tagging: taggingFor(request),
      ChecksumAlgorithm: 'SHA256',
    }),
    request.signal,
  );
  const uploadId = created.UploadId;
  if (!uploadId)
    throw new AstroError(ErrorCode.REMOTE_ERROR, `${request.key}: server returned no upload id`);
  try {
    const parts: S3.CompletedPart[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    // Parts are read in order so the whole-file hash proves what was sent matches our metadata.
    const whole = createHash('sha256');
    let partNumber = 1;
    for (let offset = 0; offset < request.sizeBytes; offset += partBytes, partNumber++) {
      if (failure !== undefined) break;
      if (request.signal?.aborted) throw new AstroError(ErrorCode.ABORTED, 'upload aborted');
      const read = await request.source.read(
        offset,
        Math.min(partBytes, request.sizeBytes - offset),
      );
      whole.update(read);
      const number = partNumber;
      const { bytes, hashes } = await hashBytesOffThread(read, { md5: false });
      const partSha256 = Buffer.from(hashes.sha256, 'hex');
      const checksum = partSha256.toString('base64');
      const task: Promise<void> = sendSigned<S3.UploadPartCommandOutput>(
        ctx,
        partSha256.toString('hex'),
        new ctx.sdk.UploadPartCommand({
          Bucket: ctx.bucket,
          Key: ctx.fullKey(request.key),
          UploadId: uploadId,
          PartNumber: number,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ChecksumSHA256: checksum,
        }),
        request.signal,
      ).then(
        (output) => {
          parts[number - 1] = { PartNumber: number, ETag: output.ETag, ChecksumSHA256: checksum };
          request.onBytes?.(bytes.byteLength);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= ctx.partConcurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    if (whole.digest('hex') !== request.sha256) throw changedError(request.key);
    const done = await ctx.send<S3.CompleteMultipartUploadCommandOutput>(
      new ctx.sdk.CompleteMultipartUploadCommand({
        Bucket: ctx.bucket,
        Key: ctx.fullKey(request.key),
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      request.signal,
    );
    return {
      key: request.key,
      etag: unquote(done.ETag),
      versionId: done.VersionId ?? null,
      partCount: parts.length,
      md5: null,
    };
  } catch (error) {
    // Never leave a half upload behind (it costs storage and hides as nothing in a listing).
    await ctx
      .send(
        new ctx.sdk.AbortMultipartUploadCommand({
          Bucket: ctx.bucket,
          Key: ctx.fullKey(request.key),
          UploadId: uploadId,
        }),
      )
      .catch(() => {});
    throw error;
  }
}

export function unquote(etag: string | undefined): string | null {
  return etag ? etag.replace(/"/g, '') : null;
}

export function changedError(key: string): AstroError {
  return new AstroError(
    ErrorCode.CHECKSUM_MISMATCH,
    `${key}: the local file changed while it was being backed up`,
    { details: { key } },
  );
}
