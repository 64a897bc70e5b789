import { resolve } from 'node:path';
import type { Command } from 'commander';
import { calibrate, formatCalibrationReport } from '@astro/core/calibration';
import { formatPlan } from '@astro/core/workflow';
import { createContext, withCatalog } from '../context.js';
import { calibrationConfig, libraryDir } from './calibration-options.js';

export function register(program: Command): void {
  program
    .command('calibrate')
    .description(
      'Match cataloged lights to masters by the configured rules, place the chosen masters beside the lights (journaled; undo reverses) and report what is missing.',
    )
    .option('--library <dir>', 'library root (default: the first library folder in the config)')
    .option('--lights <dir>', 'only lights under this folder')
    .option('--dry-run', 'report and print the plan, change nothing')
    .option('--strict', 'exit 1 when any light group misses a required master')
    .option(
      '--json',
      'print { complete, groups: [{ folder, requirements: [{ kind, chosen | missing }] }], opId }',
    )
    .action(
      async (
        options: { library?: string; lights?: string; dryRun?: boolean; strict?: boolean },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const result = await withCatalog(ctx, (catalog) =>
          calibrate(catalog, {
            libraryDir: libraryDir(ctx, options.library),
            ...(options.lights ? { lightsDir: resolve(options.lights) } : {}),
            config: calibrationConfig(ctx),
            dryRun: options.dryRun === true,
            signal: ctx.signal,
          }),
        );
        const json = {
          complete: result.complete,
          dryRun: options.dryRun === true,
          opId: result.run.applied ? result.run.plan.opId : null,
          links: result.links,
          diagnostics: result.run.diagnostics,
          groups: result.groups,
        };
        ctx.out.result(json, () =>
          [
            formatCalibrationReport(result.groups),
            ...(options.dryRun ? [formatPlan(result.run.plan)] : []),
          ].join('\n'),
        );
        if (options.strict && !result.complete) process.exitCode = 1;
      },
    );
}
