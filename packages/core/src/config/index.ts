export { configSchema, type AstroConfig, type AstroConfigInput } from './config-schema.js';
export { configJsonSchema, defaultConfigPaths, loadConfig, parseConfig, type LoadedConfig } from './load-config.js';
