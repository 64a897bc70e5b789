import type { Command } from 'commander';
import { createContext, withCatalog } from '../context.js';
import { formatDuration, formatTable } from '../output.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description(
      'Integration time and frame counts by target × filter, by rig and by night (light frames).',
    )
    .option(
      '--json',
      'print { frames, integrationSec, byTargetFilter, byRig, byNight, ingestErrors }',
    )
    .action(async (_options: object, command: Command) => {
      const ctx = createContext(command);
      const stats = await withCatalog(ctx, (catalog) => ({
        ...catalog.totals(),
        ingestErrors: catalog.ingestErrors().length,
      }));
      const withHours = <T extends { integrationSec: number }>(rows: T[]) =>
        rows.map((r) => ({ ...r, integration: formatDuration(r.integrationSec) }));
      ctx.out.result(stats, () =>
        [
          `${stats.frames} light frames, ${formatDuration(stats.integrationSec)} of integration${stats.ingestErrors ? `; ${stats.ingestErrors} file(s) with ingest errors` : ''}`,
          '',
          formatTable(withHours(stats.byTargetFilter), [
            'target',
            'filter',
            'frames',
            'integration',
          ]),
          '',
          formatTable(withHours(stats.byRig), ['rig', 'frames', 'integration']),
          '',
          formatTable(withHours(stats.byNight), ['night', 'frames', 'integration']),
        ].join('\n'),
      );
    });
}
