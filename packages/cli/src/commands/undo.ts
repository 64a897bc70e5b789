import type { Command } from 'commander';
import { undoLibrary } from '@astro/core/workflow';
import {
  libraryAction,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

export function register(program: Command): void {
  const command = program
    .command('undo')
    .description(
      'Reverse the last workflow operation: files moved back, trashed files restored, created folders removed; the catalog follows.',
    );
  workflowOptions(command).action(
    libraryAction(async (ctx, flags: WorkflowFlags, library) => {
      const report = await withWorkflow(ctx, flags, ({ run }) => undoLibrary(library, run));
      if (report) printReport(ctx, report);
      else ctx.out.result(null, () => 'nothing to undo');
    }),
  );
}
