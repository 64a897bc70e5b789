export {
  writeNotes,
  type NotesCatalog,
  type WriteNotesOptions,
  type WriteNotesResult,
  type SessionPlotPoint,
} from './write-notes.js';
export {
  mergeNote,
  renderNote,
  beginMarker,
  endMarker,
  type GeneratedNote,
  type GeneratedSection,
} from './note-merge.js';
export { sessionNote } from './session-note.js';
export { targetNote } from './target-note.js';
export { dashboardNote, missingItems } from './dashboard-note.js';
export {
  summarizeSessions,
  isRejected,
  type NoteFrame,
  type ImagingSession,
  type FilterSummary,
  type CalibrationSummary,
} from './session-summary.js';
export { summarizeTargets, type TargetSummary } from './target-summary.js';
export { nightSky, angularSeparationDeg, type NightSky, type NightSkyInput } from './night-sky.js';
export { safeFileName, uniqueFileNames } from './file-names.js';
export {
  emitProperty,
  yamlDate,
  yamlString,
  type FrontmatterValue,
  type YamlDate,
} from './yaml-emit.js';
export {
  splitFrontmatter,
  parseYamlBlocks,
  type SplitNote,
  type YamlBlock,
} from './frontmatter.js';
export type { NoteContext, IntegrationGoalsH } from './note-context.js';
