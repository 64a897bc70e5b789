import type { Command } from 'commander';
import { createConfiguredAgents, runAgents, scanFolders } from '@astro/core/ingest';
import { createContext, withCatalog, type CliContext } from '../context.js';
import { UsageError } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('scan')
    .description(
      'Catalog every FITS/XISF frame under the folders (incremental: unchanged files are skipped).',
    )
    .argument('[folders...]', 'folders to scan (default: library.folders from the configuration)')
    .option('--no-agents', 'only catalog headers; skip hashing and the other enrichment agents')
    .option(
      '--json',
      'print one JSON document: { scanned, added, updated, unchanged, removed, moved, errors, agents }',
    )
    .action(async (folders: string[], options: { agents: boolean }, command: Command) => {
      const ctx = createContext(command);
      const roots = scanRoots(ctx, folders);
      const configured = options.agents ? await createConfiguredAgents(ctx.config) : null;
      const result = await withCatalog(ctx, async (catalog) => {
        const progress = ctx.out.progress('scanning');
        const scan = await scanFolders(catalog, roots, {
          ...ctx.config.scan,
          requiredAgents: configured?.agents.some((agent) => agent.required) ?? false,
          ...(ctx.config.timeZone ? { timeZone: ctx.config.timeZone } : {}),
          signal: ctx.signal,
          onProgress: (p) => progress.update(p.scanned, null, p.path),
        });
        progress.done();
        return { ...scan, agents: configured ? await enrich(ctx, catalog, configured) : null };
      });
      ctx.out.result(result, () => renderScan(result));
    });
}

export function scanRoots(ctx: CliContext, folders: string[]): string[] {
  const roots = folders.length > 0 ? folders : ctx.config.library.folders;
  if (roots.length === 0)
    throw new UsageError('no folders given and none in the configuration (library.folders)');
  return roots;
}

/** Runs the configured enrichment agents (hashing, integration, plugins) with a progress line. */
async function enrich(
  ctx: CliContext,
  catalog: Parameters<typeof runAgents>[0],
  { agents, agentOptions }: Awaited<ReturnType<typeof createConfiguredAgents>>,
) {
  const progress = ctx.out.progress('enriching');
  const summary = await runAgents(catalog, agents, {
    signal: ctx.signal,
    agentOptions,
    onProgress: (p) => progress.update(p.done, p.total, p.agent),
  });
  progress.done();
  return summary;
}

function renderScan(
  result: Awaited<ReturnType<typeof scanFolders>> & {
    agents: Record<string, { ok: number; failed: number }> | null;
  },
): string {
  const lines = [
    `scanned ${result.scanned} files: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.moved} moved, ${result.removed} removed`,
  ];
  if (result.agents) {
    const parts = Object.entries(result.agents).map(
      ([name, s]) => `${name} ${s.ok} ok${s.failed ? `, ${s.failed} failed` : ''}`,
    );
    lines.push(`enrichment: ${parts.join('; ')}`);
  }
  if (result.errors.length > 0) {
    lines.push(`${result.errors.length} file(s) could not be cataloged:`);
    for (const e of result.errors) lines.push(`  ${e.path}: ${e.message} [${e.code}]`);
  }
  return lines.join('\n');
}
