import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import { hasImageExtension } from '../image-file/index.js';

/**
 * Expands files and folders (recursively) into the sorted list of image files to analyse.
 *
 * @example
 * ```ts
 * const paths = await listImageFiles(['night/'], ['.fits', '.xisf']);
 * ```
 */
export async function listImageFiles(
  paths: readonly string[],
  extensions: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch((cause: unknown) => {
      throw new AstroError(ErrorCode.IO_ERROR, `cannot read ${path}: ${(cause as Error).message}`, {
        cause,
        details: { path },
      });
    });
    if (!info.isDirectory()) {
      found.push(absolute);
      continue;
    }
    for (const entry of await readdir(absolute, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && hasImageExtension(entry.name, extensions))
        found.push(join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return [...new Set(found)].sort();
}
