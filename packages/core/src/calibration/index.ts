export {
  DEFAULT_RULES,
  MASTER_KINDS,
  MATCH_PROPERTIES,
  calibrationConfigSchema,
  parseCalibrationConfig,
  rulesForRig,
} from './calibration-config.js';
export type {
  CalibrationConfig,
  CalibrationConfigInput,
  CalibrationRules,
  CalibrationRulesOverride,
  MasterKind,
  MatchProperty,
} from './calibration-config.js';
export { MASTER_FRAME_TYPES, groupLights, masterKindOf } from './calibration-frame.js';
export type { CalibrationFrame, LightGroup } from './calibration-frame.js';
export { MasterIndex } from './master-index.js';
export { checkMaster, wantedProperties, type PropertyCheck } from './match-properties.js';
export { matchLightGroup, matchLightGroups } from './match-masters.js';
export type { GroupReport, MatchOptions, PassedOver, RequirementReport } from './match-masters.js';
export {
  calibrationCheck,
  calibrationStatus,
  type CalibrationStatus,
} from './calibration-status.js';
export { parseNinaProfile, parseProfileName, type RigProfile } from './nina-profile.js';
export { importProfiles, type ProfileImport } from './import-profiles.js';
export { importMasters, type MasterImport, type MasterImportOptions } from './import-masters.js';
export { masterLibraryPath } from './master-path.js';
export { calibrate, type CalibrateOptions, type CalibrateResult } from './calibrate.js';
export { formatCalibrationReport } from './format-report.js';
export {
  CalibrationStore,
  calibrationMigration,
  ensureCalibrationTables,
  type CalibrationLink,
} from './schema.js';
export { promoteCalibrationCheck } from './promote-check.js';
export { rigsWithProfiles } from './profile-rigs.js';
