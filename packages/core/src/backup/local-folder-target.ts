import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import type {
  ListPage,
  ObjectFacts,
  PutObjectRequest,
  PutObjectResult,
  RemoteObjectHead,
  StorageTarget,
} from './storage-target.js';

const META_DIR = '.astrocat-meta';
const PAGE_BYTES = 4 << 20;

/**
 * A backup target on a local disk or NAS mount. Objects are plain files under `root` (so the
 * backup is browsable without us); our facts sit in `root/.astrocat-meta/<key>.json`.
 *
 * @example
 * ```ts
 * const nas = localFolderTarget('/mnt/nas/astro-backup');
 * ```
 */
export function localFolderTarget(root: string, options: { name?: string } = {}): StorageTarget {
  const objectPath = (key: string) => join(root, ...checkedKey(key).split('/'));
  const metaPath = (key: string) => join(root, META_DIR, ...checkedKey(key).split('/')) + '.json';

  async function readFacts(key: string): Promise<(ObjectFacts & { etag: string }) | null> {
    try {
      return JSON.parse(await readFile(metaPath(key), 'utf8')) as ObjectFacts & { etag: string };
    } catch {
      return null;
    }
  }

  return {
    name: options.name ?? 'folder',
    kind: 'folder',
    location: root,

    async put(request: PutObjectRequest): Promise<PutObjectResult> {
      const final = objectPath(request.key);
      await mkdir(dirname(final), { recursive: true });
      const temp = `${final}.partial-${randomBytes(4).toString('hex')}`;
      const md5 = createHash('md5');
      const sha = createHash('sha256');
      const handle = await open(temp, 'wx');
      try {
        for (let offset = 0; offset < request.sizeBytes; offset += PAGE_BYTES) {
          if (request.signal?.aborted) throw new AstroError(ErrorCode.ABORTED, 'upload aborted');
          const bytes = await request.source.read(
            offset,
            Math.min(PAGE_BYTES, request.sizeBytes - offset),
          );
          if (bytes.byteLength === 0)
            throw new AstroError(ErrorCode.TRUNCATED, `${request.key}: source ended early`);
          md5.update(bytes);
          sha.update(bytes);
          await handle.write(bytes);
          request.onBytes?.(bytes.byteLength);
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      const etag = md5.digest('hex');
      const sha256 = sha.digest('hex');
      // The copy is only put in place when the bytes written are the bytes expected.
      if ((request.sha256 && request.sha256 !== sha256) || (request.md5 && request.md5 !== etag)) {
        await rm(temp, { force: true });
        throw new AstroError(
          ErrorCode.CHECKSUM_MISMATCH,
          `${request.key}: the local file changed while it was being backed up`,
          { details: { key: request.key } },
        );
      }
      const facts = {
        sha256,
        sizeBytes: request.sizeBytes,
        mtimeMs: request.mtimeMs,
        etag,
      };
      await mkdir(dirname(metaPath(request.key)), { recursive: true });
      await writeFile(metaPath(request.key), JSON.stringify(facts));
      await rename(temp, final);
      return { key: request.key, sha256, etag, versionId: null, partCount: 1, md5: etag };
    },

    async head(key: string): Promise<RemoteObjectHead | null> {
      let info;
      try {
        info = await stat(objectPath(key));
      } catch {
        return null;
      }
      const facts = await readFacts(key);
      return {
        key,
        sizeBytes: info.size,
        etag: facts?.etag ?? null,
        versionId: null,
        storageClass: 'LOCAL',
        lastModifiedMs: info.mtimeMs,
        facts: {
          sha256: facts?.sha256 ?? null,
          sizeBytes: facts?.sizeBytes ?? null,
          mtimeMs: facts?.mtimeMs ?? null,
        },
        archiveState: 'not-archived',
      };
    },

    async get(key, options = {}) {
      const path = objectPath(key);
      try {
        await stat(path);
      } catch (cause) {
        throw new AstroError(ErrorCode.REMOTE_ERROR, `no such object: ${key}`, {
          cause,
          details: { key },
        });
      }
      return createReadStream(path, {
        start: options.range?.start,
        end: options.range?.end,
        signal: options.signal,
      });
    },

    async list(options = {}): Promise<ListPage> {
      const keys: string[] = [];
      await walk(root, root, keys);
      const prefix = options.prefix ?? '';
      const all = keys.filter((key) => key.startsWith(prefix)).sort();
      const start = options.pageToken ? Number(options.pageToken) : 0;
      const pageSize = options.pageSize ?? 1000;
      const slice = all.slice(start, start + pageSize);
      const objects = await Promise.all(
        slice.map(async (key) => {
          const info = await stat(objectPath(key));
          const facts = await readFacts(key);
          return {
            key,
            sizeBytes: info.size,
            etag: facts?.etag ?? null,
            storageClass: 'LOCAL',
            lastModifiedMs: info.mtimeMs,
          };
        }),
      );
      const next = start + pageSize;
      return next < all.length ? { objects, nextPageToken: String(next) } : { objects };
    },

    async delete(key) {
      await rm(objectPath(key), { force: true });
      await rm(metaPath(key), { force: true });
    },

    requestRestore: async () => 'not-archived',
    abortIncompleteUploads: async () => 0,
  };
}

function checkedKey(key: string): string {
  // A key must never escape the target folder.
  if (key.split('/').some((part) => part === '..' || part === '') || key.startsWith(META_DIR)) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `invalid object key: ${key}`, {
      details: { key },
    });
  }
  return key;
}

async function walk(root: string, dir: string, keys: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === root && entry.name === META_DIR) continue;
      await walk(root, full, keys);
    } else if (entry.isFile() && !/\.partial-[0-9a-f]{8}$/.test(entry.name)) {
      keys.push(relative(root, full).split(sep).join('/'));
    }
  }
}
