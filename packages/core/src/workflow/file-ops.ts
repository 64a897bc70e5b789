import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import * as nodeFsPromises from 'node:fs/promises';
import { dirname } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';

/**
 * The file-system calls the workflow makes, as a port so tests can inject failures (EXDEV,
 * EACCES, ENOSPC) that cannot be produced for real here (tests run as root, on one filesystem).
 */
export type WorkflowFs = Pick<
  typeof nodeFsPromises,
  'lstat' | 'link' | 'unlink' | 'rename' | 'mkdir' | 'rmdir' | 'readdir' | 'open' | 'copyFile'
>;

/** The real file system. */
export const nodeFs: WorkflowFs = nodeFsPromises;

/** The `code` of a Node errno error (`ENOENT`, `EXDEV`, ...), or undefined. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface FileIdentity {
  sizeBytes: number;
  dev: number;
  ino: number;
  isDirectory: boolean;
}

/** `lstat` that answers `null` for a missing path instead of throwing. */
export async function statOrNull(fs: WorkflowFs, path: string): Promise<FileIdentity | null> {
  try {
    const stats = await fs.lstat(path);
    return {
      sizeBytes: stats.size,
      dev: stats.dev,
      ino: stats.ino,
      isDirectory: stats.isDirectory(),
    };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return null;
    throw error;
  }
}

/** True when both are the same inode (a hard link of each other). */
export function sameInode(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

const CHUNK_BYTES = 1 << 20;

/** SHA-256 (hex) and size of a file, read in 1 MiB chunks. */
export async function hashFile(
  fs: WorkflowFs,
  path: string,
): Promise<{ sha256: string; sizeBytes: number }> {
  const handle = await fs.open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let sizeBytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, sizeBytes);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      sizeBytes += bytesRead;
    }
    return { sha256: hash.digest('hex'), sizeBytes };
  } finally {
    await handle.close();
  }
}

/** True when two files hold the same bytes (size first, then SHA-256). */
export async function sameContent(fs: WorkflowFs, a: string, b: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([fs.lstat(a), fs.lstat(b)]);
  if (statA.size !== statB.size) return false;
  const [hashA, hashB] = await Promise.all([hashFile(fs, a), hashFile(fs, b)]);
  return hashA.sha256 === hashB.sha256;
}

/**
 * Copies `from` to the new file `to` (never overwriting: `wx`), fsyncs it, then re-reads it and
 * checks size and SHA-256 against what was read from the source. A bad copy is removed and
 * reported as CHECKSUM_MISMATCH.
 */
export async function copyVerified(
  fs: WorkflowFs,
  from: string,
  to: string,
  options: { reflink?: boolean } = {},
): Promise<{ sha256: string; sizeBytes: number }> {
  if (options.reflink) return reflinkVerified(fs, from, to);
  const source = await fs.open(from, 'r');
  let target;
  try {
    target = await fs.open(to, 'wx');
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let sizeBytes = 0;
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, CHUNK_BYTES, sizeBytes);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      let written = 0;
      while (written < bytesRead) {
        const result = await target.write(
          buffer,
          written,
          bytesRead - written,
          sizeBytes + written,
        );
        written += result.bytesWritten;
      }
      sizeBytes += bytesRead;
    }
    await target.sync();
    const expected = { sha256: hash.digest('hex'), sizeBytes };
    await target.close();
    target = undefined;
    await verifyCopy(fs, from, to, expected);
    return expected;
  } catch (error) {
    if (target) {
      await target.close().catch(() => undefined);
      await fs.unlink(to).catch(() => undefined);
    }
    throw error;
  } finally {
    await source.close();
  }
}

/** Folders that `mkdir -p dirname(path)` would create, outermost first. */
export async function missingParents(fs: WorkflowFs, path: string): Promise<string[]> {
  const missing: string[] = [];
  let dir = dirname(path);
  while ((await statOrNull(fs, dir)) === null) {
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return missing;
}

/**
 * A copy-on-write clone where the file system offers one (Btrfs, XFS, APFS: instant, no extra
 * space), else a plain copy (`COPYFILE_FICLONE` falls back by itself); then fsynced and checked
 * against the source's SHA-256 like any copy.
 */
async function reflinkVerified(
  fs: WorkflowFs,
  from: string,
  to: string,
): Promise<{ sha256: string; sizeBytes: number }> {
  await fs.copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  try {
    const handle = await fs.open(to, 'r+');
    await handle.sync().finally(() => handle.close());
    const expected = await hashFile(fs, from);
    await verifyCopy(fs, from, to, expected);
    return expected;
  } catch (error) {
    await fs.unlink(to).catch(() => undefined);
    throw error;
  }
}

/** Re-reads a finished copy; one that differs from what the source held is removed and reported. */
async function verifyCopy(
  fs: WorkflowFs,
  from: string,
  to: string,
  expected: { sha256: string; sizeBytes: number },
): Promise<void> {
  const actual = await hashFile(fs, to);
  if (actual.sha256 === expected.sha256 && actual.sizeBytes === expected.sizeBytes) return;
  await fs.unlink(to).catch(() => undefined);
  throw new AstroError(ErrorCode.CHECKSUM_MISMATCH, `copy of ${from} does not match its source`, {
    details: { from, to, expected, actual },
  });
}
