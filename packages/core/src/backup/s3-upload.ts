import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type * as S3 from '@aws-sdk/client-s3';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { ByteSource } from '../io/byte-source.js';
import { hexToBase64 } from './hash-file.js';
import type { PutObjectRequest, PutObjectResult } from './storage-target.js';
import type { UploadBuffers } from './upload-buffers.js';
import type { SentPart } from './upload-checkpoints.js';
import { canReadInto } from '../io/index.js';

export const META_SHA256 = 'astrocat-sha256';
export const META_SIZE = 'astrocat-size';
export const META_MTIME = 'astrocat-mtime-ms';
const MAX_PARTS = 10_000;

/** Checksum each part of a multipart upload carries (x-amz-checksum-crc32 or -sha256). */
export type PartChecksumAlgorithm = 'CRC32' | 'SHA256';

/** zlib.crc32 arrived in Node 20.15; without it parts carry SHA-256 checksums instead. */
export const crc32: ((data: Uint8Array, value?: number) => number) | undefined = (
  zlib as { crc32?: (data: Uint8Array, value?: number) => number }
).crc32;

/** What an upload needs from its S3 target. */
export interface S3UploadContext {
  sdk: typeof S3;
  bucket: string;
  fullKey(key: string): string;
  partSizeBytes: number;
  partConcurrency: number;
  partChecksum: PartChecksumAlgorithm;
  /** Part-sized buffers reused across parts and files. */
  buffers: UploadBuffers;
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
 * Sends a body with the SigV4 payload hash given: its SHA-256 when we know it (S3 then rejects
 * the request if the body arrives different), or UNSIGNED-PAYLOAD when an x-amz-checksum header
 * protects it; never left to the SDK, which would hash the body once more.
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

function metadataFor(request: PutObjectRequest, sha256: string): Record<string, string> {
  return {
    [META_SHA256]: sha256,
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

interface ReadBytes {
  bytes: Uint8Array;
  /** The bytes sit in one of ctx.buffers and go back there once sent. */
  reused: boolean;
}

/** Reads exactly `length` bytes at `offset`, into a reused buffer when the source allows it. */
async function readExactly(
  ctx: S3UploadContext,
  source: ByteSource,
  key: string,
  offset: number,
  length: number,
): Promise<ReadBytes> {
  if (length === 0) return { bytes: new Uint8Array(0), reused: false };
  if (!canReadInto(source) || length > ctx.buffers.bufferBytes) {
    const bytes = await source.read(offset, length);
    if (bytes.byteLength !== length) throw changedError(key);
    return { bytes, reused: false };
  }
  const buffer = ctx.buffers.acquire();
  const view = buffer.subarray(0, length);
  let got: number;
  try {
    got = await source.readInto(view, offset);
  } catch (error) {
    ctx.buffers.release(buffer);
    throw error;
  }
  if (got !== length) {
    ctx.buffers.release(buffer);
    throw changedError(key);
  }
  return { bytes: view, reused: true };
}

export async function putSingle(
  ctx: S3UploadContext,
  request: PutObjectRequest,
): Promise<PutObjectResult> {
  const read = await readExactly(ctx, request.source, request.key, 0, request.sizeBytes);
  const bytes = read.bytes;
  // A buffer whose request failed stays out of the pool: a cancelled write may still refer to it.
  let reusable = read.reused;
  try {
    // One pass over exactly the bytes about to be sent gives the metadata SHA-256 and Content-MD5.
    // On this thread: handing buffers to a worker and back cost more (GC of moved buffers) than
    // it saved, with the CPU shared by the uploads themselves.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const md5 = createHash('md5').update(bytes).digest('hex');
    if ((request.sha256 && request.sha256 !== sha256) || (request.md5 && request.md5 !== md5))
      throw changedError(request.key);
    reusable = false;
    const output = await sendSigned<S3.PutObjectCommandOutput>(
      ctx,
      sha256,
      new ctx.sdk.PutObjectCommand({
        Bucket: ctx.bucket,
        Key: ctx.fullKey(request.key),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentMD5: hexToBase64(md5),
        Metadata: metadataFor(request, sha256),
        StorageClass: (request.storageClass ?? ctx.storageClass) as S3.StorageClass | undefined,
        Tagging: taggingFor(request),
      }),
      request.signal,
    );
    reusable = read.reused;
    request.onBytes?.(bytes.byteLength);
    return {
      key: request.key,
      sha256,
      etag: unquote(output.ETag),
      versionId: output.VersionId ?? null,
      partCount: 1,
      md5,
    };
  } finally {
    if (reusable) ctx.buffers.release(bytes);
  }
}

/** SHA-256 of a whole source, for a multipart upload of a file the catalog has not hashed. */
async function hashSource(
  ctx: S3UploadContext,
  request: PutObjectRequest,
  pageBytes: number,
): Promise<string> {
  const sha = createHash('sha256');
  for (let offset = 0; offset < request.sizeBytes; offset += pageBytes) {
    if (request.signal?.aborted) throw new AstroError(ErrorCode.ABORTED, 'upload aborted');
    const length = Math.min(pageBytes, request.sizeBytes - offset);
    const { bytes, reused } = await readExactly(ctx, request.source, request.key, offset, length);
    sha.update(bytes);
    if (reused) ctx.buffers.release(bytes);
  }
  return sha.digest('hex');
}

function partChecksumOf(
  algorithm: PartChecksumAlgorithm,
  bytes: Uint8Array,
): { field: 'ChecksumCRC32' | 'ChecksumSHA256'; value: string; payloadHash: string } {
  if (algorithm === 'CRC32' && crc32) {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(crc32(bytes) >>> 0);
    return { field: 'ChecksumCRC32', value: value.toString('base64'), payloadHash: UNSIGNED };
  }
  const sha = createHash('sha256').update(bytes).digest();
  return {
    field: 'ChecksumSHA256',
    value: sha.toString('base64'),
    payloadHash: sha.toString('hex'),
  };
}

const UNSIGNED = 'UNSIGNED-PAYLOAD';

/** The layout a multipart upload of one file is cut into; a checkpoint must match it to be reused. */
interface MultipartPlan {
  sha256: string;
  partBytes: number;
  algorithm: PartChecksumAlgorithm;
}

/**
 * Uploads a large file in parts. With `request.checkpoints`, every acknowledged part is recorded,
 * a failure leaves the upload open, and the next attempt (a retry, or the next run after a kill)
 * continues it: parts whose bytes still have the recorded checksum are not sent again. The whole
 * file is still read and hashed, so what S3 assembles is proven the same way either way.
 */
export async function putMultipart(
  ctx: S3UploadContext,
  request: PutObjectRequest,
): Promise<PutObjectResult> {
  const partBytes = Math.max(ctx.partSizeBytes, Math.ceil(request.sizeBytes / MAX_PARTS));
  // Metadata goes with the create request, so an unknown SHA-256 takes a pass of its own first.
  const plan: MultipartPlan = {
    sha256: request.sha256 ?? (await hashSource(ctx, request, partBytes)),
    partBytes,
    algorithm: ctx.partChecksum === 'CRC32' && crc32 ? 'CRC32' : 'SHA256',
  };
  const resumed = await resumableUpload(ctx, request, plan);
  if (resumed) {
    try {
      return await sendParts(ctx, request, plan, resumed);
    } catch (error) {
      // The server forgot it (aborted as stale, or expired by a lifecycle rule): start afresh.
      if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
      await request.checkpoints?.clear(request.key);
    }
  }
  return sendParts(ctx, request, plan, await createUpload(ctx, request, plan));
}

interface OpenUpload {
  uploadId: string;
  /** Parts the server already holds, by number. */
  sent: Map<number, SentPart>;
}

/** The checkpointed upload of this very content and layout, or null (dropping any other). */
async function resumableUpload(
  ctx: S3UploadContext,
  request: PutObjectRequest,
  plan: MultipartPlan,
): Promise<OpenUpload | null> {
  const checkpoint = await request.checkpoints?.load(request.key);
  if (!checkpoint) return null;
  if (
    checkpoint.sha256 === plan.sha256 &&
    checkpoint.sizeBytes === request.sizeBytes &&
    checkpoint.mtimeMs === Math.round(request.mtimeMs) &&
    checkpoint.partBytes === plan.partBytes &&
    checkpoint.partChecksum === plan.algorithm
  )
    return {
      uploadId: checkpoint.uploadId,
      sent: new Map(checkpoint.parts.map((part) => [part.partNumber, part])),
    };
  // An upload of an older version of the file (or an older mtime, which its metadata would
  // carry and restore would set back): start again.
  await abortUpload(ctx, request.key, checkpoint.uploadId);
  await request.checkpoints?.clear(request.key);
  return null;
}

async function createUpload(
  ctx: S3UploadContext,
  request: PutObjectRequest,
  plan: MultipartPlan,
): Promise<OpenUpload> {
  const created = await ctx.send<S3.CreateMultipartUploadCommandOutput>(
    new ctx.sdk.CreateMultipartUploadCommand({
      Bucket: ctx.bucket,
      Key: ctx.fullKey(request.key),
      Metadata: metadataFor(request, plan.sha256),
      StorageClass: (request.storageClass ?? ctx.storageClass) as S3.StorageClass | undefined,
      Tagging: taggingFor(request),
      ChecksumAlgorithm: plan.algorithm,
    }),
    request.signal,
  );
  const uploadId = created.UploadId;
  if (!uploadId)
    throw new AstroError(ErrorCode.REMOTE_ERROR, `${request.key}: server returned no upload id`);
  await request.checkpoints?.start(request.key, {
    uploadId,
    sha256: plan.sha256,
    sizeBytes: request.sizeBytes,
    mtimeMs: Math.round(request.mtimeMs),
    partBytes: plan.partBytes,
    partChecksum: plan.algorithm,
    startedAtMs: Date.now(),
  });
  return { uploadId, sent: new Map() };
}

async function sendParts(
  ctx: S3UploadContext,
  request: PutObjectRequest,
  plan: MultipartPlan,
  upload: OpenUpload,
): Promise<PutObjectResult> {
  const { uploadId, sent } = upload;
  const inFlight = new Set<Promise<void>>();
  try {
    const parts: S3.CompletedPart[] = [];
    let failure: unknown;
    // The whole-file hash is fed from the very buffers sent (or checked against a part already
    // sent), in order, and must equal the metadata before the upload is completed: what S3
    // assembles is what we hashed.
    const whole = createHash('sha256');
    let resumedBytes = 0;
    let partNumber = 1;
    for (let offset = 0; offset < request.sizeBytes; offset += plan.partBytes, partNumber++) {
      if (failure !== undefined) break;
      if (request.signal?.aborted) throw new AstroError(ErrorCode.ABORTED, 'upload aborted');
      const length = Math.min(plan.partBytes, request.sizeBytes - offset);
      const { bytes, reused } = await readExactly(ctx, request.source, request.key, offset, length);
      whole.update(bytes);
      const number = partNumber;
      const checksum = partChecksumOf(plan.algorithm, bytes);
      const held = sent.get(number);
      if (held && held.checksum === checksum.value) {
        parts[number - 1] = {
          PartNumber: number,
          ETag: held.etag,
          [checksum.field]: held.checksum,
        };
        resumedBytes += bytes.byteLength;
        if (reused) ctx.buffers.release(bytes);
        request.onBytes?.(bytes.byteLength);
        continue;
      }
      const task: Promise<void> = sendSigned<S3.UploadPartCommandOutput>(
        ctx,
        checksum.payloadHash,
        new ctx.sdk.UploadPartCommand({
          Bucket: ctx.bucket,
          Key: ctx.fullKey(request.key),
          UploadId: uploadId,
          PartNumber: number,
          Body: bytes,
          ContentLength: bytes.byteLength,
          [checksum.field]: checksum.value,
        }),
        request.signal,
      )
        .then(async (output) => {
          parts[number - 1] = {
            PartNumber: number,
            ETag: output.ETag,
            [checksum.field]: checksum.value,
          };
          if (reused) ctx.buffers.release(bytes);
          request.onBytes?.(bytes.byteLength);
          await request.checkpoints?.partSent(request.key, uploadId, {
            partNumber: number,
            etag: output.ETag ?? '',
            checksum: checksum.value,
          });
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= ctx.partConcurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    const sha256 = whole.digest('hex');
    if (sha256 !== plan.sha256) throw changedError(request.key);
    const done = await ctx.send<S3.CompleteMultipartUploadCommandOutput>(
      new ctx.sdk.CompleteMultipartUploadCommand({
        Bucket: ctx.bucket,
        Key: ctx.fullKey(request.key),
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      request.signal,
    );
    await request.checkpoints?.clear(request.key);
    return {
      key: request.key,
      sha256,
      etag: unquote(done.ETag),
      versionId: done.VersionId ?? null,
      partCount: parts.length,
      md5: null,
      resumedBytes,
    };
  } catch (error) {
    // Parts still in flight settle first (they never reject), so none lands after an abort.
    await Promise.all(inFlight);
    // A checkpointed upload stays open for the next attempt unless the file changed under it
    // (then its parts are useless) or the server no longer has it; anything else would leave a
    // half upload behind (it costs storage and hides as nothing in a listing).
    const keep =
      request.checkpoints !== undefined &&
      (error as { code?: string }).code !== ErrorCode.CHECKSUM_MISMATCH &&
      (error as { name?: string }).name !== 'NoSuchUpload';
    if (!keep) {
      await abortUpload(ctx, request.key, uploadId);
      await request.checkpoints?.clear(request.key).catch(() => {});
    }
    throw error;
  }
}

/** Aborts an upload, best effort: an upload the server no longer has is as good as aborted. */
async function abortUpload(ctx: S3UploadContext, key: string, uploadId: string): Promise<void> {
  await ctx
    .send(
      new ctx.sdk.AbortMultipartUploadCommand({
        Bucket: ctx.bucket,
        Key: ctx.fullKey(key),
        UploadId: uploadId,
      }),
    )
    .catch(() => {});
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
