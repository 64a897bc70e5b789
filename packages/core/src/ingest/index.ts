export type { Agent, AgentContext, AgentFieldValue, AgentOutput } from './agent.js';
export { createFileAgent } from './file-agent.js';
export { hashFile } from '../io/index.js';
export { frameFingerprint } from './fingerprint.js';
export { createIntegrationAgent } from './integration-agent.js';
export { loadAgentPlugins, type AgentPluginEntry } from './load-agents.js';
export {
  isIngestError,
  readPendingFrame,
  type IngestError,
  type PendingFrame,
} from './read-pending-frame.js';
export {
  orderByDependencies,
  runAgents,
  type AgentSummary,
  type RunAgentsOptions,
} from './run-agents.js';
export { scanFolders, type ScanError, type ScanOptions, type ScanResult } from './scan.js';
export { walkFiles, type WalkedFile, type WalkOptions } from './walk-files.js';
export { watchFolders, type FolderWatcher, type WatchEvent, type WatchOptions } from './watch.js';
export { createConfiguredAgents } from './configured-agents.js';
export { HeaderReader, type HeaderReaderOptions } from './header-reader.js';
