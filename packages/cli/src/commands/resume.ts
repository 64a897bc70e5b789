import type { Command } from 'commander';
import { resumeLibrary } from '@astro/core/workflow';
import {
  libraryAction,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

export function register(program: Command): void {
  const command = program
    .command('resume')
    .description(
      'Finish every interrupted workflow operation from its journal (every workflow command also does this first).',
    );
  workflowOptions(command).action(
    libraryAction(async (ctx, flags: WorkflowFlags, library) => {
      const reports = await withWorkflow(ctx, flags, ({ run }) => resumeLibrary(library, run));
      if (reports.length === 0 && !ctx.out.json) ctx.out.info('nothing to resume');
      else printReport(ctx, reports);
    }),
  );
}
