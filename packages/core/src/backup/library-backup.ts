import { AstroError, ErrorCode } from '../errors/index.js';
import type { BackupItem } from './backup-item.js';
import type { BackupLedger } from './backup-ledger.js';
import { backupStatus, type BackupStatus } from './backup-status.js';
import { backupCatalogDatabase, type CatalogBackupResult } from './catalog-backup.js';
import {
  applyLifecyclePolicy,
  buildLifecyclePolicy,
  type ApplyLifecycleResult,
  type LifecycleConfig,
  type LifecyclePolicy,
} from './lifecycle-policy.js';
import { openStorageTarget, type TargetSpec } from './open-storage-target.js';
import { planBackup, type BackupPlan } from './plan-backup.js';
import { pruneLocalFiles, type PruneReport } from './prune-files.js';
import type { RecordFilter } from './record-filter.js';
import { restoreFiles, type RestoreFilesOptions, type RestoreReport } from './restore-files.js';
import { runBackup, type BackupProgress, type BackupReport } from './run-backup.js';
import type { S3StorageTarget } from './s3-target.js';
import { verifyBackup, type VerifyReport } from './verify-backup.js';

/** A plan as `--dry-run` prints it: what would go where, and why. */
export interface BackupPlanSummary {
  target: string;
  location: string;
  uploads: { relPath: string; key: string; reason: 'new' | 'changed'; sizeBytes: number }[];
  unchangedCount: number;
  uploadBytes: number;
}

export interface BackupLibraryResult {
  plan: BackupPlanSummary;
  /** Absent on a dry run. */
  report: BackupReport | null;
}

export interface BackupLibraryOptions {
  items: BackupItem[];
  ledger: BackupLedger;
  spec: TargetSpec;
  dryRun?: boolean;
  concurrency?: number;
  storageClass?: string;
  onProgress?: (progress: BackupProgress) => void;
  signal?: AbortSignal;
}

/**
 * One call for hosts: open the target, plan, and (unless a dry run) back up with checks.
 * Multipart uploads abandoned by runs interrupted more than a day ago are aborted first.
 *
 * @example
 * ```ts
 * const { plan, report } = await backupLibrary({ items, ledger, spec: parseTargetUrl('s3://astro/lib') });
 * ```
 */
export async function backupLibrary(options: BackupLibraryOptions): Promise<BackupLibraryResult> {
  const target = await openStorageTarget(options.spec);
  const plan = await planBackup({
    source: options.items,
    ledger: options.ledger,
    target: target.name,
    signal: options.signal,
  });
  const summary = summarizePlan(plan, target.location);
  if (options.dryRun) return { plan: summary, report: null };
  const report = await runBackup({
    plan,
    target,
    ledger: options.ledger,
    concurrency: options.concurrency,
    storageClass: options.storageClass,
    abortStaleUploadsOlderThanMs: 24 * 3600 * 1000,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  return { plan: summary, report };
}

export function summarizePlan(plan: BackupPlan, location: string): BackupPlanSummary {
  return {
    target: plan.target,
    location,
    uploads: plan.uploads.map((u) => ({
      relPath: u.item.relPath,
      key: u.key,
      reason: u.reason,
      sizeBytes: u.item.sizeBytes,
    })),
    unchangedCount: plan.unchanged.length,
    uploadBytes: plan.uploadBytes,
  };
}

/**
 * Opens the target and verifies its recorded copies (see {@link verifyBackup}).
 *
 * @example
 * ```ts
 * const report = await verifyLibrary({ ledger, spec, deep: true, filter: { night: '2024-10-05' } });
 * ```
 */
export async function verifyLibrary(options: {
  ledger: BackupLedger;
  spec: TargetSpec;
  deep?: boolean;
  filter?: RecordFilter;
  maxBytesPerSec?: number;
  onProgress?: (done: number, total: number, bytesRead: number) => void;
  signal?: AbortSignal;
}): Promise<VerifyReport> {
  const target = await openStorageTarget(options.spec);
  return verifyBackup({ ...options, target, kind: options.deep ? 'deep' : 'quick' });
}

/**
 * Opens the target and restores recorded files (see {@link restoreFiles}).
 *
 * @example
 * ```ts
 * await restoreLibrary({ ledger, spec, filter: { astroTarget: 'M31' }, destinationRoot: '/restore' });
 * ```
 */
export async function restoreLibrary(
  options: Omit<RestoreFilesOptions, 'target'> & { spec: TargetSpec },
): Promise<RestoreReport> {
  const target = await openStorageTarget(options.spec);
  return restoreFiles({ ...options, target });
}

/**
 * Local-versus-remote status; lists the target for orphans unless `ledgerOnly`.
 *
 * @example
 * ```ts
 * console.log(formatBackupStatus(await libraryBackupStatus({ items, ledger, spec })));
 * ```
 */
export async function libraryBackupStatus(options: {
  items: BackupItem[];
  ledger: BackupLedger;
  spec: TargetSpec;
  ledgerOnly?: boolean;
}): Promise<BackupStatus> {
  const target = await openStorageTarget(options.spec);
  return backupStatus({
    source: options.items,
    ledger: options.ledger,
    target: options.ledgerOnly ? target.name : target,
  });
}

/**
 * Safe unlink for hosts (see {@link pruneLocalFiles}); a dry run unless `yes`.
 *
 * @example
 * ```ts
 * const preview = await pruneLibrary({ items, ledger, journalPath });
 * ```
 */
export function pruneLibrary(options: {
  items: BackupItem[];
  ledger: BackupLedger;
  targets?: string[];
  yes?: boolean;
  journalPath: string;
  signal?: AbortSignal;
}): Promise<PruneReport> {
  return pruneLocalFiles({
    source: options.items,
    ledger: options.ledger,
    targets: options.targets,
    dryRun: !options.yes,
    journalPath: options.journalPath,
    signal: options.signal,
  });
}

/**
 * `lifecycle show|apply`: builds the exact policy for an S3 target and, unless `dryRun`, applies it.
 *
 * @example
 * ```ts
 * const { policy } = await lifecycleForTarget({ spec, config: { rules: [...] }, dryRun: true });
 * ```
 */
export async function lifecycleForTarget(options: {
  spec: TargetSpec;
  config: LifecycleConfig;
  dryRun?: boolean;
}): Promise<{ bucket: string; policy: LifecyclePolicy; applied: ApplyLifecycleResult | null }> {
  if (options.spec.kind !== 's3')
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, 'lifecycle rules apply to S3 targets only');
  const target = (await openStorageTarget(options.spec)) as S3StorageTarget;
  const policy = buildLifecyclePolicy(options.config, { prefix: target.prefix });
  const applied = options.dryRun ? null : await applyLifecyclePolicy(target, policy);
  return { bucket: target.bucket, policy, applied };
}

/**
 * Copies the catalog (online backup API) into `folder` and, given a target, uploads the copy.
 *
 * @example
 * ```ts
 * await backupCatalogTo('/lib/.astrocat/catalog.sqlite', '/mnt/nas/catalog', parseTargetUrl('s3://astro/lib'));
 * ```
 */
export async function backupCatalogTo(
  catalogPath: string,
  folder: string,
  spec?: TargetSpec,
): Promise<CatalogBackupResult> {
  const upload = spec ? await openStorageTarget(spec) : undefined;
  return backupCatalogDatabase(catalogPath, folder, { upload });
}
