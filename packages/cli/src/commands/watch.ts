import type { Command } from 'commander';
import { createConfiguredAgents, runAgents, watchFolders } from '@astro/core/ingest';
import { createContext } from '../context.js';
import { scanRoots } from './scan.js';

export function register(program: Command): void {
  program
    .command('watch')
    .description(
      'Scan the folders, then keep cataloging frames as they land, move or vanish (Ctrl-C stops).',
    )
    .argument('[folders...]', 'folders to watch (default: library.folders from the configuration)')
    .option(
      '--stable-ms <ms>',
      'wait until a file has not grown for this long before reading it',
      '1000',
    )
    .option('--poll', 'poll the filesystem (network shares)')
    .option('--json', 'print one JSON line per event on stdout')
    .action(
      async (
        folders: string[],
        options: { stableMs: string; poll?: boolean },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const roots = scanRoots(ctx, folders);
        const catalog = await ctx.openCatalog();
        const { agents, agentOptions } = await createConfiguredAgents(ctx.config);
        let enriching: Promise<unknown> = Promise.resolve();
        // Agents run after each change, one pass at a time, so hashing never blocks cataloging.
        const enrich = () =>
          (enriching = enriching
            .then(() => runAgents(catalog, agents, { agentOptions, signal: ctx.signal }))
            .catch(() => {}));
        const watcher = watchFolders(catalog, roots, {
          ...ctx.config.scan,
          requiredAgents: agents.some((agent) => agent.required),
          ...(ctx.config.timeZone ? { timeZone: ctx.config.timeZone } : {}),
          stableMs: Number(options.stableMs),
          usePolling: Boolean(options.poll),
          onChanged: enrich,
          onEvent: (event) => {
            if (ctx.out.json)
              process.stdout.write(
                `${JSON.stringify({ ...event, at: new Date().toISOString() })}\n`,
              );
            else if (event.type === 'ready')
              ctx.out.info(
                `watching ${roots.join(', ')} (${event.initialScan.scanned} files cataloged)`,
              );
            else if (event.type === 'error')
              ctx.out.info(`error ${event.path}: ${event.message} [${event.code}]`);
            else ctx.out.info(`${event.type} ${event.path}`);
          },
        });
        await watcher.ready;
        enrich();
        await new Promise<void>((done) =>
          ctx.signal.addEventListener('abort', () => done(), { once: true }),
        );
        await watcher.close();
        await enriching;
        catalog.close();
      },
    );
}
