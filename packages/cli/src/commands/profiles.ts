import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importProfiles } from '@astro/core/calibration';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';

export function register(program: Command): void {
  const profiles = program.command('profiles').description('N.I.N.A. profiles: rigs and filters.');
  profiles
    .command('import')
    .description('Import N.I.N.A. .profile files (or folders of them) as catalog equipment.')
    .argument('<paths...>', '.profile files or folders holding them')
    .option('--json', 'print { imported, skipped, diagnostics }')
    .action(async (paths: string[], _options: object, command: Command) => {
      const ctx = createContext(command);
      const result = await withCatalog(ctx, (catalog) =>
        importProfiles(
          catalog,
          paths.map((p) => resolve(p)),
        ),
      );
      ctx.out.result(result, () =>
        [
          formatTable(
            result.imported.map((p) => ({
              name: p.name,
              focalLengthMm: p.focalLengthMm,
              filters: p.filters.map((f) => f.name).join(' '),
            })),
            ['name', 'focalLengthMm', 'filters'],
          ),
          ...result.skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
          `${result.imported.length} imported, ${result.skipped.length} skipped`,
        ].join('\n'),
      );
    });
}
