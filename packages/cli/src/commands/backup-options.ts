import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  framesToBackupItems,
  openBackupLedger,
  resolveTargetSpec,
  type BackupConfig,
  type BackupItem,
  type BackupLedger,
  type RecordFilter,
  type TargetSpec,
} from '@astro/core/backup';
import type { Catalog, FrameFilter } from '@astro/core/catalog';
import type { CliContext } from '../context.js';

/** Options every backup command shares: where the target is, and which files. */
export interface BackupCommandOptions {
  to?: string;
  target?: string;
  endpoint?: string;
  region?: string;
  storageClass?: string;
  night?: string;
  rig?: string;
  type?: string;
  object?: string;
  under?: string;
  json?: boolean;
}

/** Adds the shared target and selection options to a backup command. */
export function withBackupOptions(command: Command): Command {
  return command
    .option('--to <url>', 'target as s3://bucket/prefix or a folder path (overrides config)')
    .option('--target <name>', 'a target named in config (backup.targets)')
    .option('--endpoint <url>', 'S3-compatible endpoint URL (MinIO, Wasabi, ...)')
    .option('--region <region>', 'S3 region')
    .option('--night <YYYY-MM-DD>', 'only this observing night (session)')
    .option('--rig <name>', 'only this rig')
    .option('--type <type>', 'only this frame type (LIGHT, DARK, ...)')
    .option('--object <name>', 'only this astronomical target, e.g. M31')
    .option('--under <folder>', 'only files under this folder')
    .option('--json', 'print one JSON document');
}

export function backupConfigOf(ctx: CliContext): BackupConfig {
  return ctx.config.backup;
}

export function targetSpecOf(ctx: CliContext, options: BackupCommandOptions): TargetSpec {
  return resolveTargetSpec(backupConfigOf(ctx), options);
}

export function recordFilterOf(options: BackupCommandOptions, paths: string[] = []): RecordFilter {
  return {
    ...(paths.length > 0 ? { paths } : {}),
    ...(options.night ? { night: options.night } : {}),
    ...(options.rig ? { rig: options.rig } : {}),
    ...(options.type ? { frameType: options.type.toUpperCase() } : {}),
    ...(options.object ? { astroTarget: options.object } : {}),
  };
}

/** The catalog's files as backup items, plus the ledger stored in the catalog. */
export function libraryOf(
  ctx: CliContext,
  catalog: Catalog,
  options: BackupCommandOptions,
): { items: BackupItem[]; ledger: BackupLedger } {
  const filter: FrameFilter = { includeUnstitched: true };
  if (options.night) Object.assign(filter, { nightFrom: options.night, nightTo: options.night });
  if (options.rig) filter.rig = options.rig;
  if (options.type) filter.frameType = [options.type.toUpperCase()] as FrameFilter['frameType'];
  if (options.object) filter.target = options.object;
  if (options.under) filter.pathPrefix = options.under;
  const roots =
    ctx.config.library.folders.length > 0 ? ctx.config.library.folders : [dirname(ctx.catalogPath)];
  return {
    items: framesToBackupItems(catalog.search(filter), roots),
    ledger: openBackupLedger(catalog.driver),
  };
}

export function pruneJournalPath(ctx: CliContext): string {
  return backupConfigOf(ctx)?.pruneJournal ?? join(dirname(ctx.catalogPath), 'prune-journal.jsonl');
}
