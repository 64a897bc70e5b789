import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { configJsonSchema } from '@astro/core/config';
import { UsageError } from '../exit-codes.js';
import { createOutput } from '../output.js';

export function register(program: Command): void {
  program
    .command('init')
    .description(
      'Write a configuration file (astrocat.json) and its JSON schema for editor completion.',
    )
    .argument('[folders...]', 'library folders to scan and watch')
    .option('-o, --output <file>', 'where to write the configuration', 'astrocat.json')
    .option('--force', 'overwrite an existing configuration')
    .option('--json', 'print the result as JSON')
    .action((folders: string[], options: { output: string; force?: boolean; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      const configPath = resolve(options.output);
      if (existsSync(configPath) && !options.force)
        throw new UsageError(`${configPath} exists; use --force to overwrite it`);
      const schemaPath = join(dirname(configPath), 'astrocat.schema.json');
      const config = {
        $schema: './astrocat.schema.json',
        version: 1,
        catalog: { journalMode: 'auto' },
        library: { folders: folders.map((f) => resolve(f)) },
        agents: { hashing: true, plugins: [] },
      };
      writeFileSync(schemaPath, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
      out.result(
        { config: configPath, schema: schemaPath },
        () => `wrote ${configPath}\nwrote ${schemaPath}`,
      );
    });
}
