export { hashFile, hashBytes, type FileHashes } from './hash-file.js';
export {
  listAllObjects,
  keyForRelPath,
  type StorageTarget,
  type ObjectFacts,
  type PutObjectRequest,
  type PutObjectResult,
  type RemoteObjectHead,
  type RemoteObjectSummary,
  type ListPage,
  type ArchiveState,
  type RestoreRequestOutcome,
} from './storage-target.js';
export { localFolderTarget } from './local-folder-target.js';
export {
  openS3Target,
  type S3TargetOptions,
  type S3StorageTarget,
  type S3Sender,
} from './s3-target.js';
export type { PartChecksumAlgorithm } from './s3-upload.js';
export { parseTargetUrl, openStorageTarget, type TargetSpec } from './open-storage-target.js';
export type { BackupItem, BackupSource } from './backup-item.js';
export {
  memoryBackupLedger,
  type BackupLedger,
  type BackupRecord,
  type VerifyKind,
  type VerifyStatus,
  type VerifyMark,
} from './backup-ledger.js';
export { sqlBackupLedger, openBackupLedger } from './sql-backup-ledger.js';
export {
  backupLedgerMigration,
  ensureBackupLedgerTable,
  uploadCheckpointsMigration,
  ensureUploadCheckpointTables,
  type LedgerSqlDriver,
} from './schema.js';
export {
  memoryUploadCheckpoints,
  type UploadCheckpoints,
  type UploadCheckpoint,
  type SentPart,
} from './upload-checkpoints.js';
export {
  planBackup,
  type BackupPlan,
  type PlannedUpload,
  type PlanBackupOptions,
} from './plan-backup.js';
export {
  runBackup,
  RESUME_WINDOW_MS,
  type RunBackupOptions,
  type BackupReport,
  type BackupOutcome,
  type BackupProgress,
} from './run-backup.js';
export { checkUploadedObject, type UploadExpectation } from './check-uploaded-object.js';
export { withRetry, type RetryOptions } from './retry.js';
export { bandwidthLimiter, type BandwidthLimiter } from './bandwidth-limiter.js';
export type { RecordFilter } from './record-filter.js';
export {
  verifyBackup,
  type VerifyBackupOptions,
  type VerifyReport,
  type VerifyResult,
  type VerifyResultStatus,
} from './verify-backup.js';
export {
  restoreFiles,
  type RestoreFilesOptions,
  type RestoreReport,
  type RestoreResult,
  type RestoreStatus,
} from './restore-files.js';
export {
  pruneLocalFiles,
  type PruneLocalFilesOptions,
  type PruneReport,
  type PruneEntry,
} from './prune-files.js';
export {
  backupStatus,
  formatBackupStatus,
  formatBytes,
  FILE_BACKUP_STATES,
  type BackupStatus,
  type FileBackupState,
  type Tally,
  type StateTallies,
} from './backup-status.js';
export {
  buildLifecyclePolicy,
  applyLifecyclePolicy,
  lifecycleConfigSchema,
  RULE_ID_PREFIX,
  type LifecycleConfig,
  type LifecyclePolicy,
  type ApplyLifecycleResult,
} from './lifecycle-policy.js';
export {
  backupCatalogDatabase,
  restoreCatalogDatabase,
  CATALOG_KEY_PREFIX,
  type CatalogBackupResult,
} from './catalog-backup.js';
export {
  backupConfigSchema,
  resolveTargetSpec,
  nameFromUrl,
  type BackupConfig,
  type BackupConfigInput,
  type TargetChoice,
} from './backup-config.js';
export { framesToBackupItems } from './frames-to-items.js';
export {
  backupLibrary,
  backupCatalogTo,
  verifyLibrary,
  restoreLibrary,
  libraryBackupStatus,
  pruneLibrary,
  lifecycleForTarget,
  summarizePlan,
  type BackupLibraryOptions,
  type BackupLibraryResult,
  type BackupPlanSummary,
} from './library-backup.js';
