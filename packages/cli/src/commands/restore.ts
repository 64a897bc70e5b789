import type { Command } from 'commander';
import { formatBytes, restoreLibrary } from '@astro/core/backup';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';
import {
  libraryOf,
  recordFilterOf,
  targetSpecOf,
  withBackupOptions,
  type BackupCommandOptions,
} from './backup-options.js';

export function register(program: Command): void {
  withBackupOptions(
    program
      .command('restore')
      .description(
        'Restore backed-up files, verified against the recorded SHA-256; never overwrites a different local file.',
      )
      .argument('[paths...]', 'library-relative files, or folders ending in /'),
  )
    .option('--into <folder>', 'restore under this folder instead of the original paths')
    .option('--days <n>', 'for archived objects: days the retrieved copy stays readable', '7')
    .option('--tier <tier>', 'for archived objects: Expedited, Standard or Bulk', 'Standard')
    .option('--dry-run', 'print what would be restored')
    .action(
      async (
        paths: string[],
        options: BackupCommandOptions & {
          into?: string;
          days: string;
          tier: string;
          dryRun?: boolean;
        },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const spec = targetSpecOf(ctx, options);
        const report = await withCatalog(ctx, (catalog) =>
          restoreLibrary({
            ledger: libraryOf(ctx, catalog, {}).ledger,
            spec,
            filter: recordFilterOf(options, paths),
            destinationRoot: options.into,
            dryRun: options.dryRun,
            retrieval: {
              days: Number(options.days),
              tier: options.tier as 'Expedited' | 'Standard' | 'Bulk',
            },
            signal: ctx.signal,
          }),
        );
        if (
          (report.counts.corrupt ?? 0) +
            (report.counts.error ?? 0) +
            (report.counts.conflict ?? 0) >
          0
        )
          process.exitCode = 1;
        ctx.out.result(report, () => {
          const counts = Object.entries(report.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          return [
            `${counts || 'nothing to restore'}; ${formatBytes(report.bytesRestored)} restored`,
            formatTable(
              report.results.map((r) => ({ ...r })),
              ['status', 'relPath', 'destination', 'detail'],
            ),
          ].join('\n');
        });
      },
    );
}
