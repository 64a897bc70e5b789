import type { Command } from 'commander';
import { promoteCalibrationCheck } from '@astro/core/calibration';
import { promote, runReport } from '@astro/core/workflow';
import {
  libraryAction,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

export function register(program: Command): void {
  const command = program
    .command('promote')
    .description(
      'Move accepted nights (<rig>/10_Blink/<target>/accept/...) to 20_Data with their calibration, when the required calibration is present.',
    );
  workflowOptions(command).action(
    libraryAction(async (ctx, flags: WorkflowFlags, library) => {
      const report = await withWorkflow(ctx, flags, async ({ catalog, binding, settings, run }) =>
        runReport(
          await promote({
            ...run,
            libraryDir: library,
            source: binding.source,
            calibrationCheck: promoteCalibrationCheck(catalog, ctx.config),
            rigs: settings.rigs,
            convention: settings.convention,
            ...(settings.templates ? { templates: settings.templates } : {}),
          }),
          { dryRun: flags.dryRun ?? false },
        ),
      );
      printReport(ctx, report);
    }),
  );
}
