export {
  DEFAULT_CULL_PASSES,
  configSchema,
  type AstroConfig,
  type AstroConfigInput,
  type WorkflowConfig,
} from './config-schema.js';
export {
  configJsonSchema,
  defaultConfigPaths,
  loadConfig,
  parseConfig,
  type LoadedConfig,
} from './load-config.js';
