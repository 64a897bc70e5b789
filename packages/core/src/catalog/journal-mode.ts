import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type JournalMode = 'wal' | 'delete';

/** File system types (as /proc/mounts spells them) whose locking cannot carry WAL's shared memory. */
export const NETWORK_FILE_SYSTEMS: ReadonlySet<string> = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smb2',
  'smb3',
  'smbfs',
  'sshfs',
  'fuse.sshfs',
  '9p',
  'afs',
  'coda',
  'ncpfs',
  'davfs',
  'fuse.davfs2',
  'fuse.rclone',
  'fuse.s3fs',
  'fuse.gcsfuse',
  'ceph',
  'fuse.ceph',
  'glusterfs',
  'fuse.glusterfs',
  'lustre',
  'gpfs',
  'beegfs',
]);

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** Parses /proc/mounts text; mount points have their octal escapes (`\040` for a space) undone. */
export function parseMounts(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [, mountPoint, fsType] = line.trim().split(/\s+/);
    if (!mountPoint || !fsType) continue;
    mounts.push({
      mountPoint: mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) =>
        String.fromCharCode(parseInt(octal, 8)),
      ),
      fsType,
    });
  }
  return mounts;
}

/** The file system type of the mount holding `path` (the longest mount point containing it; later mounts win ties). */
export function fileSystemTypeOf(path: string, mounts: readonly MountEntry[]): string | undefined {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    const root = mount.mountPoint.endsWith('/') ? mount.mountPoint : `${mount.mountPoint}/`;
    const inside = path === mount.mountPoint || path.startsWith(root) || mount.mountPoint === '/';
    if (inside && (!best || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  return best?.fsType;
}

/** True for Windows UNC paths (`\\server\share`, `//server/share`, `\\?\UNC\server`), not `\\?\C:` device paths. */
export function isUncPath(path: string): boolean {
  if (/^\\\\\?\\UNC\\/i.test(path)) return true;
  if (/^[\\/]{2}[?.][\\/]/.test(path)) return false;
  return /^[\\/]{2}[^\\/]/.test(path);
}

export interface DetectJournalModeOptions {
  platform?: NodeJS.Platform;
  /** /proc/mounts text; read from the system when omitted (Linux only). */
  mountsText?: string;
}

/**
 * Picks SQLite's journal for a catalog file: a rollback journal (`delete`) on network shares,
 * where WAL's shared-memory index is unsafe, and WAL everywhere else.
 *
 * @example
 * ```ts
 * detectJournalMode('/mnt/nas/astro/catalog.sqlite'); // 'delete' when /mnt/nas is nfs or cifs
 * ```
 */
export function detectJournalMode(
  path: string,
  options: DetectJournalModeOptions = {},
): JournalMode {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return isUncPath(path) ? 'delete' : 'wal';
  if (isUncPath(path)) return 'delete';
  const mountsText = options.mountsText ?? (platform === 'linux' ? readProcMounts() : undefined);
  if (mountsText === undefined) return 'wal';
  const fsType = fileSystemTypeOf(
    options.mountsText === undefined ? realLocation(path) : path,
    parseMounts(mountsText),
  );
  return fsType !== undefined && NETWORK_FILE_SYSTEMS.has(fsType) ? 'delete' : 'wal';
}

function readProcMounts(): string | undefined {
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return undefined;
  }
}

/** Resolves symlinks through the nearest existing ancestor, since the file may not exist yet. */
function realLocation(path: string): string {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return [realpathSync(current), ...rest].join('/').replace(/\/+/g, '/');
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.unshift(current.slice(parent.length).replace(/^\//, ''));
      current = parent;
    }
  }
}
