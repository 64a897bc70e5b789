import { resolve } from 'node:path';
import type { Command } from 'commander';
import { prepare, runReport } from '@astro/core/workflow';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import {
  libraryDir,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

interface PrepareFlags extends WorkflowFlags {
  from?: string;
  to?: string;
  stamp?: boolean;
  keepEmpty?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('prepare')
    .description(
      'Sort a capture folder into the library (RAW -> <rig>/10_Blink/...): BIAS, DARK, FLAT, then LIGHT; planned, journaled, resumable.',
    )
    .option('--from <dir>', 'capture (RAW) folder (default: workflow.raw)')
    .option('--to <dir>', 'library root (default: workflow.library)')
    .option(
      '--stamp',
      'write HFR/STARS/RMS cards into FITS lights (default: workflow.stampMetrics)',
    )
    .option('--keep-empty', 'keep source folders the move leaves empty');
  workflowOptions(command, false).action(async (flags: PrepareFlags, cmd: Command) => {
    const ctx = createContext(cmd);
    const from = flags.from ?? ctx.config.workflow.raw;
    if (!from) throw new UsageError('no capture folder: pass --from DIR or set workflow.raw');
    const library = libraryDir(ctx, flags.to, '--to');
    const report = await withWorkflow(ctx, flags, async ({ binding, settings, run }) =>
      runReport(
        await prepare({
          ...run,
          from: resolve(from),
          libraryDir: library,
          source: binding.source,
          rigs: settings.rigs,
          convention: settings.convention,
          ...(settings.templates ? { templates: settings.templates } : {}),
          stampMetrics: flags.stamp ?? settings.stampMetrics,
          removeEmptyFolders: !flags.keepEmpty,
        }),
        { dryRun: flags.dryRun ?? false },
      ),
    );
    printReport(ctx, report);
  });
}
