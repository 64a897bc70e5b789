import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  backupCatalogTo,
  backupLibrary,
  formatBackupStatus,
  formatBytes,
  libraryBackupStatus,
} from '@astro/core/backup';
import { createContext, withCatalog } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { formatTable } from '../output.js';
import {
  backupConfigOf,
  libraryOf,
  targetSpecOf,
  withBackupOptions,
  type BackupCommandOptions,
} from './backup-options.js';

export function register(program: Command): void {
  withBackupOptions(
    program
      .command('backup')
      .description(
        'Back up new and changed files to S3 or a folder, checking every object; `backup status` shows local vs remote.',
      )
      .argument(
        '[action]',
        '"status": what is and is not safe; "catalog": copy the catalog database',
      ),
  )
    .option(
      '--storage-class <class>',
      'storage class for new objects (STANDARD_IA, GLACIER_IR, ...)',
    )
    .option('--concurrency <n>', 'files uploaded at once')
    .option('--ledger-only', 'status: do not list the remote for orphans')
    .option('--into <folder>', 'catalog: folder for the copy (default: <catalog folder>/backups)')
    .option('--dry-run', 'print the plan, upload nothing')
    .action(
      async (
        action: string | undefined,
        options: BackupCommandOptions & {
          into?: string;
          concurrency?: string;
          dryRun?: boolean;
          ledgerOnly?: boolean;
        },
        command: Command,
      ) => {
        if (action !== undefined && action !== 'status' && action !== 'catalog')
          throw new UsageError(`unknown backup action "${action}" (use "status" or "catalog")`);
        const ctx = createContext(command);
        if (action === 'catalog') {
          const upload =
            options.to || options.target || backupConfigOf(ctx)?.defaultTarget
              ? targetSpecOf(ctx, options)
              : undefined;
          const copy = await backupCatalogTo(
            ctx.catalogPath,
            options.into ?? join(dirname(ctx.catalogPath), 'backups'),
            upload,
          );
          ctx.out.result(
            copy,
            () =>
              `catalog copied to ${copy.path} (${formatBytes(copy.sizeBytes)})${copy.uploadedKey ? `, uploaded as ${copy.uploadedKey}` : ''}`,
          );
          return;
        }
        const spec = targetSpecOf(ctx, options);
        if (action === 'status') {
          const status = await withCatalog(ctx, (catalog) =>
            libraryBackupStatus({
              ...libraryOf(ctx, catalog, options),
              spec,
              ledgerOnly: options.ledgerOnly,
            }),
          );
          ctx.out.result(status, () => formatBackupStatus(status));
          return;
        }
        const progress = ctx.out.progress('backup');
        const result = await withCatalog(ctx, (catalog) =>
          backupLibrary({
            ...libraryOf(ctx, catalog, options),
            spec,
            dryRun: options.dryRun,
            storageClass: options.storageClass,
            concurrency: options.concurrency
              ? Number(options.concurrency)
              : backupConfigOf(ctx)?.concurrency,
            onProgress: (p) =>
              progress.update(
                p.bytesDone,
                p.bytesTotal,
                `${formatBytes(p.bytesPerSec)}/s ${p.filesDone}/${p.filesTotal} files`,
              ),
            signal: ctx.signal,
          }),
        );
        progress.done();
        if (result.report && result.report.failed > 0) process.exitCode = 1;
        ctx.out.result(result, () => {
          const { plan, report } = result;
          const head = `${plan.uploads.length} file(s), ${formatBytes(plan.uploadBytes)} to ${plan.location}; ${plan.unchangedCount} unchanged`;
          if (!report)
            return `${head} (dry run)\n${formatTable(plan.uploads, ['reason', 'key', 'sizeBytes'])}`;
          const failed = report.outcomes
            .filter((o) => o.status === 'failed')
            .map((o) => ({ file: o.relPath, error: o.error?.message }));
          return [
            `${head}`,
            `uploaded ${report.uploaded}, failed ${report.failed}, ${formatBytes(report.bytesPerSec)}/s` +
              (report.bytesResumed > 0
                ? ` (${formatBytes(report.bytesResumed)} already sent by an interrupted run)`
                : ''),
            ...(failed.length ? [formatTable(failed, ['file', 'error'])] : []),
          ].join('\n');
        });
      },
    );
}
