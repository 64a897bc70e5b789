import type { Command } from 'commander';
import { cleanup, runReport } from '@astro/core/workflow';
import {
  libraryAction,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

interface CleanupFlags extends WorkflowFlags {
  calibration: boolean;
  stage?: string;
}

export function register(program: Command): void {
  const command = program
    .command('cleanup')
    .description(
      'Remove empty folders (never ones holding .keep) and calibration no light uses any more (into the trash, undoable).',
    )
    .option('--no-calibration', 'only remove empty folders; keep unused calibration')
    .option('--stage <name>', 'stage whose unused calibration goes (default 20_Data)');
  workflowOptions(command).action(
    libraryAction(async (ctx, flags: CleanupFlags, library) => {
      const report = await withWorkflow(ctx, flags, async ({ binding, run }) =>
        runReport(
          await cleanup({
            ...run,
            libraryDir: library,
            ...(flags.calibration ? { source: binding.source } : {}),
            ...(flags.stage ? { stage: flags.stage } : {}),
          }),
          { dryRun: flags.dryRun ?? false },
        ),
      );
      printReport(ctx, report);
    }),
  );
}
