export { FrameEncoder, headerLayout, type EncodedFrame, type UpsertItem } from './encoded-frame.js';
export { Catalog, type CatalogOptions } from './catalog.js';
export type { SqlDriver, SqlStatement, SqlValue } from './driver.js';
export { openBetterSqlite } from './better-sqlite-driver.js';
export { MIGRATIONS, applyMigrations, readSchemaVersion, type Migration } from './migrations.js';
export type { FrameFilter, CompareOp, ValueCondition } from './frame-query.js';
export type { FileFacts, FieldValue, StoredFrame } from './stored-frame.js';
export type { Totals, SessionSummary } from './totals.js';
export type { AgentRun, AgentOutcome, IngestError } from './agent-runs.js';
export { defaultCatalogPath } from './catalog-path.js';
export {
  detectJournalMode,
  parseMounts,
  fileSystemTypeOf,
  isUncPath,
  NETWORK_FILE_SYSTEMS,
  type JournalMode,
  type MountEntry,
} from './journal-mode.js';
export { parseCondition, parseRange, type Condition, type ConditionOp } from './parse-condition.js';
export { openWasmSqlite, type WasmSqliteOptions } from './wasm-driver.js';
export {
  CatalogLock,
  catalogLockPath,
  withCatalogLock,
  type CatalogLockOptions,
} from './write-lock.js';
