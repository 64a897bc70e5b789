export {
  sanitizePathSegment,
  sanitizeRelativePath,
  truncateUtf8,
  utf8ByteLength,
} from './sanitize-path-segment.js';
export type { PathConvention, SanitizeOptions } from './sanitize-path-segment.js';
export {
  DEFAULT_LAYOUT,
  calibrationRigName,
  fileExtension,
  formatDateTime,
  formatFixed2,
  frameTokens,
  layoutPath,
  renderTemplate,
  rigName,
} from './layout.js';
export type { LayoutOptions, LayoutTemplates, RigConfig } from './layout.js';
export { copyVerified, errnoOf, hashFile, nodeFs, sameContent } from './file-ops.js';
export type { WorkflowFs } from './file-ops.js';
export {
  candidateName,
  chooseDestination,
  linkNoClobber,
  moveNoClobber,
  recoverMove,
} from './safe-move.js';
export type { DestinationChoice, MoveMethod, MoveOptions, MoveRecovery } from './safe-move.js';
export { createPlan, formatPlan, newOperationId } from './plan.js';
export type { OperationKind, Plan, PlannedOperation, PlanStep, StepOp } from './plan.js';
export { Journal, journalDir, listOperations, readJournal } from './journal.js';
export type {
  JournalRecord,
  JournalState,
  OperationSummary,
  StepError,
  StepOutcome,
} from './journal.js';
export { acquireLibraryLock } from './library-lock.js';
export { applyPlan, resumeOperation } from './apply-plan.js';
export type { ApplyOptions, ApplyResult, HeaderStamper, StepResult } from './apply-plan.js';
export { planUndo, resumeAll, undoLast } from './undo-operation.js';
export { recordFrameSource, scanFrameSource } from './frame-source.js';
export type { FrameReader, FrameSource, FrameSourceEntry } from './frame-source.js';
export { commandSucceeded, runCommand } from './run-command.js';
export type { CommandResult, CommandSpec } from './run-command.js';
export { runOperation } from './run-operation.js';
export type { OperationRun, RunOptions } from './run-operation.js';
export { metricCards, planPrepare, prepare } from './prepare.js';
export type { PrepareOptions } from './prepare.js';
export { EXTRA_METRICS, parseCullRule } from './cull-rules.js';
export type { CullFrame, CullRule } from './cull-rules.js';
export { cull, metricStats, planCull, planRestoreRejects, rejectPath } from './cull.js';
export type { CullDecision, CullGroup, CullOptions, MetricStats } from './cull.js';
export { CALIBRATION_KINDS, calibrates, requireCalibration } from './calibration-rule.js';
export type {
  CalibrationCheck,
  CalibrationCheckResult,
  CalibrationKind,
  CalibrationTolerances,
} from './calibration-rule.js';
export { planPromote, promote } from './promote.js';
export type { PromoteGroup, PromoteOptions } from './promote.js';
export { cleanup, findEmptyFolders, planCleanup } from './cleanup.js';
export type { CleanupOptions } from './cleanup.js';
export { stampCards, stampHeaderCards } from './stamp-header.js';
export { REJECTED_FIELD, bindCatalog } from './catalog-binding.js';
export type { CatalogBinding, CatalogBindingOptions } from './catalog-binding.js';
export {
  cullPassFor,
  cullTarget,
  platformConvention,
  workflowSettings,
} from './workflow-settings.js';
export type { CullPassSettings, WorkflowSettings } from './workflow-settings.js';
export {
  operationDetails,
  pendingOperations,
  previewUndo,
  restoreRejects,
  resumeLibrary,
  undoLibrary,
} from './library-operations.js';
export type { RestoreRejectsOptions } from './library-operations.js';
export {
  applyReport,
  fileReports,
  formatRunReport,
  reportFailed,
  runReport,
} from './run-report.js';
export type { FileReport, RunReport } from './run-report.js';
