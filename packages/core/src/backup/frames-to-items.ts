import { basename, isAbsolute, relative, sep } from 'node:path';
import type { StoredFrame } from '../catalog/stored-frame.js';
import type { BackupItem } from './backup-item.js';

/**
 * Binds catalog frames to the BackupSource port. Keys mirror the library: a file's path relative
 * to the library folder holding it (prefixed by that folder's name when there are several).
 * Frames outside every library folder keep their absolute path as the key.
 *
 * @example
 * ```ts
 * const items = framesToBackupItems(catalog.search({ night: '2024-10-05' }), config.library.folders);
 * ```
 */
export function framesToBackupItems(
  frames: Iterable<StoredFrame>,
  libraryRoots: readonly string[],
): BackupItem[] {
  const roots = [...libraryRoots].sort((a, b) => b.length - a.length);
  const items: BackupItem[] = [];
  for (const frame of frames) {
    items.push({
      path: frame.path,
      relPath: relPathFor(frame.path, roots, libraryRoots.length > 1),
      sizeBytes: frame.sizeBytes,
      mtimeMs: frame.mtimeMs,
      ...(frame.sha256 ? { sha256: frame.sha256 } : {}),
      ...(frame.md5 ? { md5: frame.md5 } : {}),
      rig: frame.rig,
      target: frame.target,
      frameType: frame.frameType,
      night: frame.night,
    });
  }
  return items;
}

function relPathFor(path: string, roots: readonly string[], prefixRoot: boolean): string {
  for (const root of roots) {
    const rel = relative(root, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
      const key = rel.split(sep).join('/');
      return prefixRoot ? `${basename(root)}/${key}` : key;
    }
  }
  return path
    .split(sep)
    .join('/')
    .replace(/^[A-Za-z]:/, '')
    .replace(/^\/+/, '');
}
