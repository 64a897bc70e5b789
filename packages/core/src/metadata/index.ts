export type { CaptureProfile, FrameRecord, FrameType, HeaderCard } from './frame-record.js';
export { FRAME_TYPES } from './frame-record.js';
export {
  emptyFrameRecord,
  normalizeFrame,
  type NormalizeInput,
  type NormalizeOptions,
} from './normalize-frame.js';
export { MetadataDiagnostic, type PropertyValue } from './field-reader.js';
export {
  detectCaptureProfile,
  PROFILE_SPECS,
  type HeaderField,
  type ProfileSpec,
} from './capture-profiles.js';
export { parsePathTokens, type PathTokens } from './path-tokens.js';
export { splitTargetPanel } from './target-name.js';
export { observingNight, zoneOffsetMinutes } from './observing-night.js';
export { parseSexagesimal } from './sexagesimal.js';
export { calibrationRigName, formatFocalRatio, rigName } from './rig-name.js';
export { parseFrameType } from './frame-type.js';
