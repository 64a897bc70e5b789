import { resolve } from 'node:path';
import type { Command } from 'commander';
import { rigsWithProfiles } from '@astro/core/calibration';
import type { Catalog } from '@astro/core/catalog';
import { createConfiguredAgents } from '@astro/core/ingest';
import {
  bindCatalog,
  formatRunReport,
  reportFailed,
  stampHeaderCards,
  workflowSettings,
  type CatalogBinding,
  type RunOptions,
  type RunReport,
  type WorkflowSettings,
} from '@astro/core/workflow';
import { createContext, withCatalog, type CliContext } from '../context.js';
import { UsageError } from '../exit-codes.js';

/** Options every workflow command shares. */
export interface WorkflowFlags {
  library?: string;
  dryRun?: boolean;
  yes?: boolean;
  no?: boolean;
  json?: boolean;
}

/** Adds `--library`, `--dry-run`, `--yes`, `--no` and `--json` to a workflow command. */
export function workflowOptions(command: Command, library = true): Command {
  if (library)
    command.option(
      '--library <dir>',
      'library root (default: workflow.library from the configuration)',
    );
  return command
    .option('--dry-run', 'print the plan and change nothing (with --json: the plan as data)')
    .option('--yes', 'answer yes to every question (move rejects above the auto-accept level)')
    .option('--no', 'answer no to every question (leave such rejects in place)')
    .option(
      '--json',
      'print one JSON document: the plan or the result, every file with its source, destination and outcome',
    );
}

/**
 * The action of a workflow command on the library: its context and library root resolved, then
 * `body` runs.
 */
export function libraryAction<F extends WorkflowFlags>(
  body: (ctx: CliContext, flags: F, library: string) => Promise<void>,
): (flags: F, cmd: Command) => Promise<void> {
  return async (flags, cmd) => {
    const ctx = createContext(cmd);
    await body(ctx, flags, libraryDir(ctx, flags.library));
  };
}

/** The library root from the option or the configuration, absolute. */
export function libraryDir(
  ctx: CliContext,
  option: string | undefined,
  flag = '--library',
): string {
  const dir = option ?? ctx.config.workflow.library;
  if (!dir)
    throw new UsageError(
      `no library given: pass ${flag} DIR or set workflow.library in the configuration`,
    );
  return resolve(dir);
}

/** What a workflow handler gets: the catalog binding, configured settings and run options. */
export interface WorkflowRun {
  catalog: Catalog;
  binding: CatalogBinding;
  settings: WorkflowSettings;
  /** Spread into any core operation: dry run, journal hooks, pre/post commands, progress. */
  run: RunOptions;
}

/** Opens the catalog, binds it to the workflow and runs `fn` with everything an operation needs. */
export async function withWorkflow<T>(
  ctx: CliContext,
  flags: WorkflowFlags,
  fn: (w: WorkflowRun) => Promise<T>,
): Promise<T> {
  if (flags.yes && flags.no) throw new UsageError('--yes and --no exclude each other');
  const settings = workflowSettings(ctx.config.workflow);
  const { agents } = await createConfiguredAgents(ctx.config);
  return withCatalog(ctx, async (catalog) => {
    const binding = bindCatalog(catalog, {
      ...(ctx.config.timeZone ? { timeZone: ctx.config.timeZone } : {}),
      stitched: !agents.some((agent) => agent.required),
    });
    const progress = ctx.out.progress('applying');
    try {
      return await fn({
        catalog,
        binding,
        settings: { ...settings, rigs: rigsWithProfiles(settings.rigs, catalog) },
        run: {
          dryRun: Boolean(flags.dryRun),
          onMoved: binding.onMoved,
          stampHeader: stampHeaderCards,
          pre: settings.pre,
          post: settings.post,
          signal: ctx.signal,
          onProgress: (p) => progress.update(p.done, p.total, p.result.to ?? p.result.from),
        },
      });
    } finally {
      progress.done();
    }
  });
}

/** Prints a report (text or JSON) and marks the exit code when a file failed. */
export function printReport(ctx: CliContext, report: RunReport | RunReport[]): void {
  const reports = Array.isArray(report) ? report : [report];
  ctx.out.result(report, () => reports.map(formatRunReport).join('\n') || 'nothing to do');
  if (reports.some(reportFailed)) process.exitCode = 1;
}
