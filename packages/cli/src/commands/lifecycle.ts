import type { Command } from 'commander';
import { lifecycleForTarget } from '@astro/core/backup';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import {
  backupConfigOf,
  targetSpecOf,
  withBackupOptions,
  type BackupCommandOptions,
} from './backup-options.js';

export function register(program: Command): void {
  withBackupOptions(
    program
      .command('lifecycle')
      .description(
        'Versioning and lifecycle tiers of an S3 target from config: `show` prints the exact policy, `apply` sets it.',
      )
      .argument('<action>', 'show | apply'),
  )
    .option('--dry-run', 'apply: print the policy, change nothing')
    .action(
      async (
        action: string,
        options: BackupCommandOptions & { dryRun?: boolean },
        command: Command,
      ) => {
        if (action !== 'show' && action !== 'apply')
          throw new UsageError(`lifecycle takes "show" or "apply", not "${action}"`);
        const ctx = createContext(command);
        const spec = targetSpecOf(ctx, options);
        const name = spec.kind === 's3' ? spec.name : undefined;
        const entry = name ? backupConfigOf(ctx)?.targets[name] : undefined;
        const config = entry && 'url' in entry ? entry.lifecycle : undefined;
        if (!config)
          throw new UsageError(
            `no lifecycle rules in config for target "${name ?? options.to ?? ''}" (backup.targets.<name>.lifecycle)`,
          );
        const result = await lifecycleForTarget({
          spec,
          config,
          dryRun: action === 'show' || options.dryRun,
        });
        ctx.out.result(result, () =>
          [
            `# bucket ${result.bucket}${result.applied ? ' (applied)' : ''}`,
            JSON.stringify(result.policy, null, 2),
          ].join('\n'),
        );
      },
    );
}
