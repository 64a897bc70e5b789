import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importMasters } from '@astro/core/calibration';
import { formatPlan } from '@astro/core/workflow';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';
import { calibrationConfig, libraryDir } from './calibration-options.js';

export function register(program: Command): void {
  const masters = program.command('masters').description('The master calibration library.');
  masters
    .command('import')
    .description(
      'Copy masters (FITS/XISF, e.g. WBPP output) into <library>/_Masters/<rig>/<type>/ under standard names and catalog them; never overwrites.',
    )
    .argument('<dir>', 'folder holding the masters')
    .option('--library <dir>', 'library root (default: the first library folder in the config)')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print { imported, identical, conflicts, skipped, diagnostics, opId }')
    .action(
      async (dir: string, options: { library?: string; dryRun?: boolean }, command: Command) => {
        const ctx = createContext(command);
        const result = await withCatalog(ctx, (catalog) =>
          importMasters(catalog, {
            sourceDir: resolve(dir),
            libraryDir: libraryDir(ctx, options.library),
            config: calibrationConfig(ctx),
            dryRun: options.dryRun === true,
            signal: ctx.signal,
          }),
        );
        const { run, ...rest } = result;
        ctx.out.result({ ...rest, opId: run.applied ? run.plan.opId : null }, () =>
          [
            options.dryRun
              ? formatPlan(run.plan)
              : formatTable(result.imported, ['kind', 'from', 'to']),
            ...result.identical.map((i) => `identical, skipped: ${i.from} (= ${i.to})`),
            ...result.conflicts.map(
              (c) => `CONFLICT, not overwritten: ${c.from} (${c.to} differs)`,
            ),
            ...result.skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
            `${result.imported.length} imported, ${result.identical.length} identical, ${result.conflicts.length} conflict(s), ${result.skipped.length} skipped`,
          ].join('\n'),
        );
        if (result.conflicts.length > 0) process.exitCode = 1;
      },
    );
}
