import { resolve } from 'node:path';
import type { Command } from 'commander';
import { plotSessionPng, plotSessionSvg } from '@astro/core/analysis';
import { writeNotes } from '@astro/core/notes';
import { createContext, withCatalog } from '../context.js';
import { UsageError } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('notes')
    .description(
      'Write session notes, target notes and a dashboard into an Obsidian vault (hand edits are kept).',
    )
    .requiredOption('--vault <folder>', 'the vault folder')
    .option('--folder <name>', 'folder inside the vault for astrocat notes', 'Astrocat')
    .option('--dataview', 'also write Dataview query blocks')
    .option(
      '--plot-format <format>',
      'session quality plots as svg or png (PNG for viewers and exports without SVG)',
      'svg',
    )
    .option('--json', 'print { created, updated, unchanged, dashboardPath, sessions, targets }')
    .action(
      async (
        options: { vault: string; folder: string; dataview?: boolean; plotFormat: string },
        command: Command,
      ) => {
        const ctx = createContext(command);
        if (options.plotFormat !== 'svg' && options.plotFormat !== 'png')
          throw new UsageError(`--plot-format must be svg or png, got ${options.plotFormat}`);
        const plot =
          options.plotFormat === 'png' ? { plotPng: plotSessionPng } : { plotSvg: plotSessionSvg };
        const result = await withCatalog(ctx, (catalog) => {
          const progress = ctx.out.progress('writing notes');
          return writeNotes(resolve(options.vault), catalog, {
            folder: options.folder,
            dataview: Boolean(options.dataview),
            ...plot,
            signal: ctx.signal,
            onProgress: (p) => progress.update(p.done, p.total, p.path),
          }).finally(() => progress.done());
        });
        ctx.out.result(result, () =>
          [
            `${result.sessions} session note(s), ${result.targets} target note(s), dashboard ${result.dashboardPath}`,
            `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged` +
              (result.removed.length > 0 ? `, ${result.removed.length} old plot(s) removed` : ''),
          ].join('\n'),
        );
      },
    );
}
