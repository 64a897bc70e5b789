import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Catalog, defaultCatalogPath } from '@astro/core/catalog';
import { loadConfig, type AstroConfig } from '@astro/core/config';
import { createOutput, type Output } from './output.js';

/** What every command handler gets: validated config, the catalog location, output and cancellation. */
export interface CliContext {
  config: AstroConfig;
  configPath: string | null;
  catalogPath: string;
  out: Output;
  /** Aborted on Ctrl-C so long work stops cleanly, leaving the catalog consistent. */
  signal: AbortSignal;
  openCatalog(): Promise<Catalog>;
}

/** Builds the context from the global options (`--config`, `--db`) and the command's `--json`. */
export function createContext(command: Command): CliContext {
  const globals = command.optsWithGlobals<{ config?: string; db?: string; json?: boolean }>();
  const { config, path: configPath } = loadConfig(globals.config ? { path: globals.config } : {});
  const catalogPath = globals.db
    ? resolve(globals.db)
    : (config.catalog.path ?? defaultCatalogPath());
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  return {
    config,
    configPath,
    catalogPath,
    out: createOutput({ json: Boolean(globals.json) }),
    signal: controller.signal,
    openCatalog: () => Catalog.open({ path: catalogPath, journalMode: config.catalog.journalMode }),
  };
}

/** Opens the catalog, runs `fn`, and always closes it. */
export async function withCatalog<T>(
  ctx: CliContext,
  fn: (catalog: Catalog) => Promise<T> | T,
): Promise<T> {
  const catalog = await ctx.openCatalog();
  try {
    return await fn(catalog);
  } finally {
    catalog.close();
  }
}
