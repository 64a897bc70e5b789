import type { Command } from 'commander';
import { formatBytes, pruneLibrary } from '@astro/core/backup';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';
import {
  libraryOf,
  pruneJournalPath,
  withBackupOptions,
  type BackupCommandOptions,
} from './backup-options.js';

export function register(program: Command): void {
  withBackupOptions(
    program
      .command('prune')
      .description(
        'Delete local files whose remote copy was deep-verified after their last change. Dry run unless --yes.',
      ),
  )
    .option('--yes', 'delete (journaled); without it nothing is deleted')
    .option('--dry-run', 'print what would be deleted (the default)')
    .action(
      async (
        options: BackupCommandOptions & { yes?: boolean; dryRun?: boolean },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const targets =
          options.to || options.target
            ? [options.to?.replace(/\/+$/, '') ?? (options.target as string)]
            : undefined;
        const report = await withCatalog(ctx, (catalog) =>
          pruneLibrary({
            ...libraryOf(ctx, catalog, options),
            targets,
            yes: Boolean(options.yes) && !options.dryRun,
            journalPath: pruneJournalPath(ctx),
            signal: ctx.signal,
          }),
        );
        ctx.out.result(report, () => {
          const verb = report.dryRun ? 'would delete' : 'deleted';
          const kept = report.entries
            .filter((e) => e.decision === 'keep')
            .map((e) => ({ kept: e.relPath, reason: e.reason }));
          return [
            `${verb} ${report.deleteCount} file(s), ${formatBytes(report.deleteBytes)}; kept ${report.keptCount}${report.dryRun ? ' (dry run: pass --yes to delete)' : ''}`,
            ...(kept.length ? [formatTable(kept, ['kept', 'reason'])] : []),
          ].join('\n');
        });
      },
    );
}
