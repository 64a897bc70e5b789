import type { Command } from 'commander';
import { verifyLibrary } from '@astro/core/backup';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';
import {
  backupConfigOf,
  libraryOf,
  recordFilterOf,
  targetSpecOf,
  withBackupOptions,
  type BackupCommandOptions,
} from './backup-options.js';

export function register(program: Command): void {
  withBackupOptions(
    program
      .command('verify')
      .description(
        'Check backed-up copies: metadata against the catalog, or with --deep download and re-hash.',
      )
      .argument('[paths...]', 'library-relative files, or folders ending in /'),
  )
    .option('--deep', 'download every object and compare its SHA-256')
    .option('--max-mbps <MB/s>', 'bandwidth limit for --deep, in MB/s')
    .action(
      async (
        paths: string[],
        options: BackupCommandOptions & { deep?: boolean; maxMbps?: string },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const spec = targetSpecOf(ctx, options);
        const progress = ctx.out.progress(options.deep ? 'verify --deep' : 'verify');
        const report = await withCatalog(ctx, (catalog) =>
          verifyLibrary({
            ledger: libraryOf(ctx, catalog, {}).ledger,
            spec,
            deep: options.deep,
            filter: recordFilterOf(options, paths),
            maxBytesPerSec: options.maxMbps
              ? Number(options.maxMbps) * 1e6
              : backupConfigOf(ctx)?.verifyMaxBytesPerSec,
            onProgress: (done, total) => progress.update(done, total),
            signal: ctx.signal,
          }),
        );
        progress.done();
        if (report.counts.mismatch + report.counts.missing + report.counts.error > 0)
          process.exitCode = 1;
        ctx.out.result(report, () => {
          const bad = report.results
            .filter((r) => r.status !== 'ok')
            .map((r) => ({ status: r.status, file: r.relPath, problem: r.problems.join('; ') }));
          const counts = Object.entries(report.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          return [
            `${report.kind} verify of ${report.results.length} object(s) on ${report.target}: ${counts}`,
            ...(bad.length ? [formatTable(bad, ['status', 'file', 'problem'])] : []),
          ].join('\n');
        });
      },
    );
}
