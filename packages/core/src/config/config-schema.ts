import { z } from 'zod';

/**
 * The one configuration file. Every host reads it through {@link parseConfig}, so a wrong field
 * gets the same clear message everywhere. Secrets (S3 keys) are never here: they come from the
 * environment. Unknown keys are rejected so a typo does not silently do nothing.
 */
const agentPluginSchema = z
  .object({
    module: z.string().min(1).describe('Path (relative to the config file) or package name of an ES module whose default export is an Agent or a factory (options) => Agent.'),
    options: z.record(z.string(), z.unknown()).default({}).describe('Passed to the factory.'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).default(1).describe('Configuration format version.'),
    catalog: z
      .object({
        path: z.string().min(1).optional().describe('Catalog database file. Default: the platform data folder (e.g. ~/.local/share/astrocat/catalog.sqlite).'),
        journalMode: z.enum(['auto', 'wal', 'delete']).default('auto').describe('SQLite journal. auto/delete: rollback journal, readable by every host. wal: WAL on local disks only (never on a network share); the Obsidian and VS Code hosts cannot open a WAL catalog.'),
      })
      .strict()
      .default({ journalMode: 'auto' }),
    library: z
      .object({
        folders: z.array(z.string().min(1)).default([]).describe('Folders that `scan` and `watch` use when none are given.'),
      })
      .strict()
      .default({ folders: [] }),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone name (e.g. "Europe/Berlin")' })
      .optional()
      .describe('Time zone of the observing site, for the observing night when headers carry no local time.'),
    scan: z
      .object({
        extensions: z.array(z.string().regex(/^\./, 'must start with a dot')).default(['.fits', '.fit', '.fts', '.fits.fz', '.fz', '.xisf']),
        ignore: z.array(z.string()).default(['.astrocat', '.git', 'node_modules', '@eaDir', '$RECYCLE.BIN']).describe('Folder names skipped while scanning.'),
        concurrency: z.number().int().min(1).max(256).default(16).describe('Header reads in flight at once.'),
      })
      .strict()
      .default({ extensions: ['.fits', '.fit', '.fts', '.fits.fz', '.fz', '.xisf'], ignore: ['.astrocat', '.git', 'node_modules', '@eaDir', '$RECYCLE.BIN'], concurrency: 16 }),
    agents: z
      .object({
        plugins: z.array(agentPluginSchema).default([]).describe('Third-party enrichment agents, run after the built-in ones.'),
        hashing: z.boolean().default(true).describe('Compute SHA-256 and MD5 of every file in the background.'),
      })
      .strict()
      .default({ plugins: [], hashing: true }),
  })
  .strict();

export type AstroConfig = z.output<typeof configSchema>;
export type AstroConfigInput = z.input<typeof configSchema>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
