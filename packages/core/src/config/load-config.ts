import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { AstroError, ErrorCode } from '../errors/index.js';
import { configSchema, type AstroConfig } from './config-schema.js';

export interface LoadedConfig {
  config: AstroConfig;
  /** The file it came from, or null when no file exists and defaults apply. */
  path: string | null;
}

/**
 * Validates an already-parsed configuration object.
 *
 * @example
 * ```ts
 * const config = parseConfig({ library: { folders: ['/data/astro'] } });
 * ```
 */
export function parseConfig(input: unknown, source = 'configuration'): AstroConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
  throw new AstroError(ErrorCode.CONFIG_INVALID, `${source} is invalid:\n${problems.join('\n')}`, {
    details: {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  });
}

/** Where a configuration is looked for when none is named: ./astrocat.json, then the user config folder. */
export function defaultConfigPaths(
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string[] {
  const paths = [join(cwd, 'astrocat.json')];
  if (env.ASTROCAT_CONFIG) paths.unshift(resolve(cwd, env.ASTROCAT_CONFIG));
  if (platform === 'win32')
    paths.push(
      join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'astrocat', 'config.json'),
    );
  else
    paths.push(join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'astrocat', 'config.json'));
  return paths;
}

/**
 * Loads and validates the configuration. A named file must exist; otherwise the first default
 * location that exists is used, and with none the defaults apply. Relative paths inside the file
 * are resolved against the file's folder.
 */
export function loadConfig(options: { path?: string; cwd?: string } = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const path = options.path
    ? resolve(cwd, options.path)
    : defaultConfigPaths(cwd).find((p) => existsSync(p));
  if (!path) return { config: parseConfig({}), path: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CONFIG_INVALID,
      `cannot read configuration ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CONFIG_INVALID,
      `configuration ${path} is not valid JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
  return {
    config: resolveConfigPaths(parseConfig(json, `configuration ${path}`), dirname(path)),
    path,
  };
}

function resolveConfigPaths(config: AstroConfig, base: string): AstroConfig {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...config,
    catalog: {
      ...config.catalog,
      ...(config.catalog.path ? { path: at(config.catalog.path) } : {}),
    },
    library: { ...config.library, folders: config.library.folders.map(at) },
    workflow: {
      ...config.workflow,
      ...(config.workflow.library ? { library: at(config.workflow.library) } : {}),
      ...(config.workflow.raw ? { raw: at(config.workflow.raw) } : {}),
    },
    agents: {
      ...config.agents,
      // A relative module path is relative to the config file; a bare name is a package.
      plugins: config.agents.plugins.map((p) => ({
        ...p,
        module: p.module.startsWith('.') ? at(p.module) : p.module,
      })),
    },
  };
}

/** JSON Schema of the configuration, written beside a config by `astrocat init` for editor completion. */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input' });
}
