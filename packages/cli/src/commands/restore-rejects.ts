import type { Command } from 'commander';
import { restoreRejects, runReport } from '@astro/core/workflow';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import {
  libraryDir,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

interface RestoreFlags extends WorkflowFlags {
  pass?: string;
}

export function register(program: Command): void {
  const command = program
    .command('restore-rejects')
    .description('Move culled frames from the reject tree back to where they were culled from.')
    .option('--pass <n>', "only this pass's rejects (default: every pass)");
  workflowOptions(command).action(async (flags: RestoreFlags, cmd: Command) => {
    const ctx = createContext(cmd);
    const pass = flags.pass === undefined ? undefined : Number(flags.pass);
    if (pass !== undefined && (!Number.isInteger(pass) || pass < 1))
      throw new UsageError(`--pass must be a pass number, not ${flags.pass}`);
    const library = libraryDir(ctx, flags.library);
    const report = await withWorkflow(ctx, flags, async ({ binding, run }) =>
      runReport(
        await restoreRejects({
          ...run,
          libraryDir: library,
          source: binding.source,
          ...(pass !== undefined ? { pass } : {}),
        }),
        { dryRun: flags.dryRun ?? false },
      ),
    );
    printReport(ctx, report);
  });
}
