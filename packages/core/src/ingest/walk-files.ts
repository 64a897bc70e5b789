import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { hasImageExtension } from '../image-file/index.js';

export interface WalkedFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface WalkOptions {
  extensions: readonly string[];
  /** Folder names never entered (e.g. `.astrocat`, `@eaDir`). */
  ignore: readonly string[];
  signal?: AbortSignal;
  /** Called for a folder that cannot be listed; the walk goes on. */
  onError?: (path: string, error: Error) => void;
}

/**
 * Yields the image files under `roots`, one folder's worth at a time, so a caller can process
 * and commit a folder before the next is listed (memory stays bounded by the largest folder).
 * Symbolic links are not followed: a link loop must not hang a scan.
 */
export async function* walkFiles(
  roots: readonly string[],
  options: WalkOptions,
): AsyncGenerator<WalkedFile[]> {
  const ignore = new Set(options.ignore);
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      options.onError?.(dir, error as Error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: WalkedFile[] = [];
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!ignore.has(entry.name)) subdirs.push(path);
      } else if (entry.isFile() && hasImageExtension(entry.name, options.extensions)) {
        try {
          const stat = statSync(path);
          files.push({ path, sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) });
        } catch (error) {
          options.onError?.(path, error as Error);
        }
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    if (files.length > 0) yield files;
  }
}
