import type { BackupLedger, BackupRecord } from './backup-ledger.js';
import { CATALOG_KEY_PREFIX } from './catalog-backup.js';
import { collectItems, type BackupItem, type BackupSource } from './backup-item.js';
import { keyForRelPath, listAllObjects, type StorageTarget } from './storage-target.js';

/**
 * Where one library file stands on one target: `verified` (content re-hashed remotely),
 * `backed-up` (checked by metadata only), `changed` (local file differs from the copy),
 * `mismatch` (the copy failed verification), `missing` (no copy).
 */
export type FileBackupState = 'verified' | 'backed-up' | 'changed' | 'mismatch' | 'missing';
export const FILE_BACKUP_STATES: readonly FileBackupState[] = [
  'verified',
  'backed-up',
  'changed',
  'mismatch',
  'missing',
];

export interface Tally {
  count: number;
  bytes: number;
}
export type StateTallies = Record<FileBackupState, Tally>;

export interface BackupStatus {
  target: string;
  files: {
    relPath: string;
    state: FileBackupState;
    sizeBytes: number;
    storageClass: string | null;
  }[];
  totals: StateTallies;
  /** Remote objects no library file accounts for (only when the remote was listed). */
  orphans: { key: string; sizeBytes: number; storageClass: string }[] | null;
  byRig: Record<string, StateTallies>;
  byAstroTarget: Record<string, StateTallies>;
  byFrameType: Record<string, StateTallies>;
  byStorageClass: Record<string, StateTallies>;
}

export interface BackupStatusOptions {
  source: BackupSource;
  ledger: BackupLedger;
  /** A target to also list for orphans, or just its name to work from the ledger alone. */
  target: StorageTarget | string;
}

/**
 * Local-versus-remote status for the whole library on one target, with counts and bytes by
 * rig, astronomical target, frame type and storage class. Files without a catalog hash count as
 * changed when their size or mtime differs from what was backed up.
 *
 * @example
 * ```ts
 * const status = await backupStatus({ source: frames, ledger, target });
 * console.log(formatBackupStatus(status));
 * ```
 */
export async function backupStatus(options: BackupStatusOptions): Promise<BackupStatus> {
  const targetName = typeof options.target === 'string' ? options.target : options.target.name;
  const items = await collectItems(options.source);
  const records = new Map((await options.ledger.list(targetName)).map((r) => [r.key, r]));
  const status: BackupStatus = {
    target: targetName,
    files: [],
    totals: emptyTallies(),
    orphans: null,
    byRig: {},
    byAstroTarget: {},
    byFrameType: {},
    byStorageClass: {},
  };
  const localKeys = new Set<string>();
  for (const item of items) {
    const key = keyForRelPath(item.relPath);
    localKeys.add(key);
    const record = records.get(key) ?? null;
    const state = stateOf(item, record);
    const storageClass = record && state !== 'missing' ? (record.storageClass ?? 'STANDARD') : null;
    status.files.push({ relPath: item.relPath, state, sizeBytes: item.sizeBytes, storageClass });
    add(status.totals, state, item.sizeBytes);
    add(group(status.byRig, item.rig), state, item.sizeBytes);
    add(group(status.byAstroTarget, item.target), state, item.sizeBytes);
    add(group(status.byFrameType, item.frameType), state, item.sizeBytes);
    add(group(status.byStorageClass, storageClass), state, item.sizeBytes);
  }
  if (typeof options.target !== 'string') {
    status.orphans = [];
    for await (const object of listAllObjects(options.target)) {
      // Catalog copies live beside the library on purpose; they are not orphans.
      if (!localKeys.has(object.key) && !object.key.startsWith(CATALOG_KEY_PREFIX))
        status.orphans.push({
          key: object.key,
          sizeBytes: object.sizeBytes,
          storageClass: object.storageClass,
        });
    }
  }
  return status;
}

function stateOf(item: BackupItem, record: BackupRecord | null): FileBackupState {
  if (!record || record.verifyStatus === 'missing') return 'missing';
  const changed = item.sha256
    ? item.sha256 !== record.sha256
    : item.sizeBytes !== record.sizeBytes ||
      Math.round(item.mtimeMs) !== Math.round(record.localMtimeMs);
  if (changed) return 'changed';
  if (record.verifyStatus === 'mismatch') return 'mismatch';
  return record.verifyStatus === 'ok' && record.verifyKind === 'deep' ? 'verified' : 'backed-up';
}

function emptyTallies(): StateTallies {
  return Object.fromEntries(
    FILE_BACKUP_STATES.map((s) => [s, { count: 0, bytes: 0 }]),
  ) as StateTallies;
}

function group(
  groups: Record<string, StateTallies>,
  name: string | null | undefined,
): StateTallies {
  const key = name ?? '(unknown)';
  return (groups[key] ??= emptyTallies());
}

function add(tallies: StateTallies, state: FileBackupState, bytes: number): void {
  tallies[state].count++;
  tallies[state].bytes += bytes;
}

/** Renders a status as a plain-text table (one row per group, a column per state). */
export function formatBackupStatus(status: BackupStatus): string {
  const lines = [`Backup status for target "${status.target}"`, ''];
  const row = (label: string, t: StateTallies) =>
    [
      label.padEnd(28),
      ...FILE_BACKUP_STATES.map((s) => `${t[s].count} (${formatBytes(t[s].bytes)})`.padStart(18)),
    ].join(' ');
  const header = ['', ...FILE_BACKUP_STATES]
    .map((s, i) => (i === 0 ? s.padEnd(28) : s.padStart(18)))
    .join(' ');
  lines.push(header, row('all files', status.totals));
  for (const [title, groups] of [
    ['rig', status.byRig],
    ['target', status.byAstroTarget],
    ['frame type', status.byFrameType],
    ['storage class', status.byStorageClass],
  ] as const) {
    lines.push('', `by ${title}`);
    for (const name of Object.keys(groups).sort())
      lines.push(row(`  ${name}`, groups[name] as StateTallies));
  }
  if (status.orphans) {
    const bytes = status.orphans.reduce((sum, o) => sum + o.sizeBytes, 0);
    lines.push('', `remote orphans: ${status.orphans.length} (${formatBytes(bytes)})`);
  }
  return lines.join('\n');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
