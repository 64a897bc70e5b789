import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { S3Sender } from '../s3-target.js';

interface StoredVersion {
  body: Buffer;
  etag: string;
  versionId: string | null;
  metadata: Record<string, string>;
  storageClass: string;
  lastModified: Date;
  restore?: string;
}

interface PendingUpload {
  key: string;
  initiated: Date;
  metadata: Record<string, string>;
  storageClass: string;
  /** CreateMultipartUpload's ChecksumAlgorithm: every part then carries, and Complete lists, one. */
  checksumAlgorithm: string | undefined;
  parts: Map<number, { body: Buffer; etag: string; checksum: string | undefined }>;
}

type Input = Record<string, unknown>;

function crc32Base64(body: Buffer): string {
  const crc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (!crc) throw s3Error('NotImplemented', 501);
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc(body) >>> 0);
  return value.toString('base64');
}

/** An S3 error as the SDK throws it. */
function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

/**
 * An in-memory S3 that behaves like AWS where s3rver does not: versioning, lifecycle calls,
 * Content-MD5 and per-part checksum validation (SHA-256, CRC32), `md5-of-md5s-N` multipart ETags, archived
 * storage classes. Every command is logged in `calls`.
 */
export class MockS3Client implements S3Sender {
  readonly calls: { command: string; input: Input }[] = [];
  readonly objects = new Map<string, StoredVersion[]>();
  readonly uploads = new Map<string, PendingUpload>();
  versioning: 'Enabled' | 'Suspended' | undefined;
  lifecycleRules: unknown[] | undefined;
  /** Called before each command; throw from it to inject a failure. */
  beforeSend: (command: string, input: Input) => void = () => {};

  async send(command: object): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, '');
    const input = (command as { input: Input }).input;
    this.calls.push({ command: name, input });
    this.beforeSend(name, input);
    const key = input.Key as string;
    switch (name) {
      case 'PutObject': {
        const body = Buffer.from(input.Body as Uint8Array);
        const md5 = createHash('md5').update(body).digest();
        if (input.ContentMD5 && input.ContentMD5 !== md5.toString('base64'))
          throw s3Error('BadDigest', 400);
        return this.store(key, body, md5.toString('hex'), input);
      }
      case 'CreateMultipartUpload': {
        const uploadId = randomBytes(8).toString('hex');
        this.uploads.set(uploadId, {
          key,
          initiated: new Date(),
          metadata: (input.Metadata as Record<string, string>) ?? {},
          storageClass: (input.StorageClass as string) ?? 'STANDARD',
          checksumAlgorithm: input.ChecksumAlgorithm as string | undefined,
          parts: new Map(),
        });
        return { UploadId: uploadId };
      }
      case 'UploadPart': {
        const upload = this.upload(input);
        const body = Buffer.from(input.Body as Uint8Array);
        if (
          input.ChecksumSHA256 &&
          input.ChecksumSHA256 !== createHash('sha256').update(body).digest('base64')
        )
          throw s3Error('BadDigest', 400);
        if (input.ChecksumCRC32 && input.ChecksumCRC32 !== crc32Base64(body))
          throw s3Error('BadDigest', 400);
        const checksum = upload.checksumAlgorithm
          ? (input[`Checksum${upload.checksumAlgorithm}`] as string | undefined)
          : undefined;
        if (upload.checksumAlgorithm && !checksum) throw s3Error('InvalidRequest', 400);
        const etag = createHash('md5').update(body).digest('hex');
        upload.parts.set(input.PartNumber as number, { body, etag, checksum });
        return { ETag: `"${etag}"` };
      }
      case 'CompleteMultipartUpload': {
        const upload = this.upload(input);
        const listed = (
          input.MultipartUpload as { Parts: ({ PartNumber: number; ETag: string } & Input)[] }
        ).Parts;
        const parts = listed.map((p) => {
          const part = upload.parts.get(p.PartNumber);
          if (!part || `"${part.etag}"` !== p.ETag) throw s3Error('InvalidPart', 400);
          if (
            upload.checksumAlgorithm &&
            p[`Checksum${upload.checksumAlgorithm}`] !== part.checksum
          )
            throw s3Error('InvalidPart', 400);
          return part;
        });
        const etag =
          createHash('md5')
            .update(Buffer.concat(parts.map((p) => Buffer.from(p.etag, 'hex'))))
            .digest('hex') + `-${parts.length}`;
        this.uploads.delete(input.UploadId as string);
        return this.store(upload.key, Buffer.concat(parts.map((p) => p.body)), etag, {
          Metadata: upload.metadata,
          StorageClass: upload.storageClass,
        });
      }
      case 'AbortMultipartUpload':
        this.uploads.delete(input.UploadId as string);
        return {};
      case 'ListMultipartUploads':
        return {
          Uploads: [...this.uploads.entries()]
            .filter(([, u]) => u.key.startsWith((input.Prefix as string) ?? ''))
            .map(([id, u]) => ({ Key: u.key, UploadId: id, Initiated: u.initiated })),
          IsTruncated: false,
        };
      case 'HeadObject':
      case 'GetObject': {
        const version = input.VersionId
          ? this.version(key, input.VersionId as string)
          : this.latest(key);
        const head = {
          ContentLength: version.body.length,
          ETag: `"${version.etag}"`,
          VersionId: version.versionId ?? undefined,
          Metadata: version.metadata,
          StorageClass: version.storageClass === 'STANDARD' ? undefined : version.storageClass,
          LastModified: version.lastModified,
          Restore: version.restore,
        };
        if (name === 'HeadObject') return head;
        if (
          ['GLACIER', 'DEEP_ARCHIVE'].includes(version.storageClass) &&
          !version.restore?.includes('false')
        )
          throw s3Error('InvalidObjectState', 403);
        return { ...head, Body: Readable.from([version.body]) };
      }
      case 'ListObjectsV2': {
        const prefix = (input.Prefix as string) ?? '';
        const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        return {
          Contents: keys.map((k) => ({
            Key: k,
            Size: this.latest(k).body.length,
            ETag: `"${this.latest(k).etag}"`,
            StorageClass: this.latest(k).storageClass,
          })),
          IsTruncated: false,
        };
      }
      case 'DeleteObject':
        this.objects.delete(key);
        return {};
      case 'RestoreObject': {
        const version = this.latest(key);
        if (version.restore) throw s3Error('RestoreAlreadyInProgress', 409);
        version.restore = 'ongoing-request="true"';
        return {};
      }
      case 'PutBucketVersioning':
        this.versioning = (
          input.VersioningConfiguration as { Status: 'Enabled' | 'Suspended' }
        ).Status;
        return {};
      case 'GetBucketLifecycleConfiguration':
        if (!this.lifecycleRules) throw s3Error('NoSuchLifecycleConfiguration', 404);
        return { Rules: this.lifecycleRules };
      case 'PutBucketLifecycleConfiguration':
        this.lifecycleRules = (input.LifecycleConfiguration as { Rules: unknown[] }).Rules;
        return {};
      default:
        throw s3Error('NotImplemented', 501);
    }
  }

  private store(key: string, body: Buffer, etag: string, input: Input) {
    const versionId = this.versioning === 'Enabled' ? randomBytes(6).toString('hex') : null;
    const version: StoredVersion = {
      body,
      etag,
      versionId,
      metadata: (input.Metadata as Record<string, string>) ?? {},
      storageClass: (input.StorageClass as string) ?? 'STANDARD',
      lastModified: new Date(),
    };
    this.objects.set(key, [...(versionId ? (this.objects.get(key) ?? []) : []), version]);
    return { ETag: `"${etag}"`, VersionId: versionId ?? undefined };
  }

  private latest(key: string): StoredVersion {
    const versions = this.objects.get(key);
    const last = versions?.[versions.length - 1];
    if (!last) throw s3Error('NotFound', 404);
    return last;
  }

  private version(key: string, versionId: string): StoredVersion {
    const found = this.objects.get(key)?.find((v) => v.versionId === versionId);
    if (!found) throw s3Error('NoSuchVersion', 404);
    return found;
  }

  private upload(input: Input): PendingUpload {
    const upload = this.uploads.get(input.UploadId as string);
    if (!upload) throw s3Error('NoSuchUpload', 404);
    return upload;
  }
}
