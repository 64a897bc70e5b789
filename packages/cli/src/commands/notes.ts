import { resolve } from 'node:path';
import type { Command } from 'commander';
import { plotSessionSvg } from '@astro/core/analysis';
import { writeNotes } from '@astro/core/notes';
import { createContext, withCatalog } from '../context.js';

export function register(program: Command): void {
  program
    .command('notes')
    .description(
      'Write session notes, target notes and a dashboard into an Obsidian vault (hand edits are kept).',
    )
    .requiredOption('--vault <folder>', 'the vault folder')
    .option('--folder <name>', 'folder inside the vault for astrocat notes', 'Astrocat')
    .option('--dataview', 'also write Dataview query blocks')
    .option('--json', 'print { created, updated, unchanged, dashboardPath, sessions, targets }')
    .action(
      async (options: { vault: string; folder: string; dataview?: boolean }, command: Command) => {
        const ctx = createContext(command);
        const result = await withCatalog(ctx, (catalog) => {
          const progress = ctx.out.progress('writing notes');
          return writeNotes(resolve(options.vault), catalog, {
            folder: options.folder,
            dataview: Boolean(options.dataview),
            plotSvg: (points) => plotSessionSvg(points),
            signal: ctx.signal,
            onProgress: (p) => progress.update(p.done, p.total, p.path),
          }).finally(() => progress.done());
        });
        ctx.out.result(result, () =>
          [
            `${result.sessions} session note(s), ${result.targets} target note(s), dashboard ${result.dashboardPath}`,
            `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged`,
          ].join('\n'),
        );
      },
    );
}
