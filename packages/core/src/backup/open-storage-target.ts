import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError, ErrorCode } from '../errors/index.js';
import { localFolderTarget } from './local-folder-target.js';
import type { PartChecksumAlgorithm } from './s3-upload.js';
import { openS3Target, type S3TargetOptions } from './s3-target.js';
import type { StorageTarget } from './storage-target.js';

/** A target as config or the command line describes it. */
export type TargetSpec =
  | ({ kind: 's3' } & Omit<S3TargetOptions, 'client'>)
  | { kind: 'folder'; name?: string; path: string };

/**
 * Parses `s3://bucket/prefix`, `file:///path` or a plain path into a target spec, the way
 * `aws s3` and rclone users write it.
 *
 * @example
 * ```ts
 * parseTargetUrl('s3://astro-archive/library', { endpoint: 'http://nas:9000' });
 * // { kind: 's3', bucket: 'astro-archive', prefix: 'library', endpoint: 'http://nas:9000' }
 * ```
 */
export function parseTargetUrl(
  url: string,
  extra: {
    name?: string;
    endpoint?: string;
    region?: string;
    storageClass?: string;
    partChecksum?: PartChecksumAlgorithm;
  } = {},
): TargetSpec {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (s3) {
    const bucket = s3[1] as string;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new AstroError(ErrorCode.INVALID_ARGUMENT, `not a valid bucket name: ${bucket}`, {
        details: { url },
      });
    }
    return { kind: 's3', bucket, prefix: s3[2] ?? '', ...definedOnly(extra) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://')) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `unsupported target URL: ${url} (use s3://bucket/prefix or a folder path)`,
      { details: { url } },
    );
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return {
    kind: 'folder',
    path: isAbsolute(path) ? path : resolve(path),
    ...(extra.name ? { name: extra.name } : {}),
  };
}

/**
 * Opens a target from its spec.
 *
 * @example
 * ```ts
 * const target = await openStorageTarget(parseTargetUrl('/mnt/nas/astro-backup', { name: 'nas' }));
 * ```
 */
export async function openStorageTarget(spec: TargetSpec): Promise<StorageTarget> {
  if (spec.kind === 'folder') return localFolderTarget(spec.path, { name: spec.name });
  return openS3Target(spec);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
