import { z } from 'zod';
import { HFR_METHODS } from '../analysis/flux-radius.js';
import { backupConfigSchema } from '../backup/backup-config.js';
import { calibrationConfigSchema } from '../calibration/calibration-config.js';
import { parseCullRule } from '../workflow/cull-rules.js';

/**
 * The one configuration file. Every host reads it through {@link parseConfig}, so a wrong field
 * gets the same clear message everywhere. Secrets (S3 keys) are never here: they come from the
 * environment. Unknown keys are rejected so a typo does not silently do nothing.
 */
const agentPluginSchema = z
  .object({
    module: z
      .string()
      .min(1)
      .describe(
        'Path (relative to the config file) or package name of an ES module whose default export is an Agent or a factory (options) => Agent.',
      ),
    options: z.record(z.string(), z.unknown()).default({}).describe('Passed to the factory.'),
  })
  .strict();

const FRAME_TYPES = ['LIGHT', 'DARK', 'FLAT', 'BIAS', 'DARKFLAT'] as const;

const cullRuleText = z
  .string()
  .min(1)
  .superRefine((rule, ctx) => {
    try {
      parseCullRule(rule);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const cullPassSchema = z
  .object({
    rig: z
      .string()
      .min(1)
      .optional()
      .describe('Rig folder name this pass is for; omitted: every rig without its own entry.'),
    pass: z.union([z.literal(1), z.literal(2)]).describe('1 (moderate) or 2 (strict).'),
    rule: cullRuleText.describe('Reject rule, e.g. "hfr > 4.6 or rmsArcsec > 2".'),
    autoAcceptFraction: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'Rejects are moved without asking when at most this fraction of their folder (0.3 = under 30 %).',
      ),
  })
  .strict();

const commandSchema = z
  .object({
    command: z
      .string()
      .min(1)
      .describe('Program to run (no shell: no quoting, pipes or globbing).'),
    args: z.array(z.string()).default([]),
    timeoutMs: z.number().int().positive().default(60_000).describe('Killed after this long.'),
  })
  .strict();

/** The reference process: pass 1 moderate, auto-accepting under 30 %; pass 2 strict, always automatic. */
export const DEFAULT_CULL_PASSES: {
  rig?: string;
  pass: 1 | 2;
  rule: string;
  autoAcceptFraction: number;
}[] = [
  { pass: 1, rule: 'hfr > 4.6 or rmsArcsec > 2', autoAcceptFraction: 0.3 },
  { pass: 2, rule: 'hfr > 5.5', autoAcceptFraction: 1 },
];

/** The raw-data workflow (prepare, cull, promote, cleanup). */
const workflowSchema = z
  .object({
    library: z
      .string()
      .min(1)
      .optional()
      .describe('Library root that prepare sorts into and cull/promote/cleanup work on.'),
    raw: z.string().min(1).optional().describe('Default capture (RAW) folder for prepare.'),
    convention: z
      .enum(['windows', 'macos', 'linux', 'portable'])
      .optional()
      .describe('Path rules file names must satisfy; default: the platform running astrocat.'),
    layout: z
      .partialRecord(z.enum([...FRAME_TYPES, 'default']), z.string().min(1))
      .default({})
      .describe(
        'Path templates per frame type overriding the reference layout, e.g. {"LIGHT": "{rig}/{stage}/{target}/{datetime}.{ext}"}.',
      ),
    rigs: z
      .array(
        z
          .object({
            name: z.string().min(1),
            optic: z.string().min(1),
            camera: z.string().min(1),
            focalRatio: z.number().positive().optional(),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Configured rigs; frames of other optics and cameras get a rig name derived from their headers.',
      ),
    cull: z
      .array(cullPassSchema)
      .default(DEFAULT_CULL_PASSES)
      .describe('Cull passes, per rig or for all rigs.'),
    stampMetrics: z
      .boolean()
      .default(false)
      .describe(
        'Write HFR/STARS/RMS cards (known only from NINA file names) into FITS lights while preparing.',
      ),
    preCommands: z
      .array(commandSchema)
      .default([])
      .describe(
        'Run before an operation moves anything (e.g. stop a sync service); a failure stops it.',
      ),
    postCommands: z
      .array(commandSchema)
      .default([])
      .describe('Run after an operation, always (e.g. start the sync service again).'),
    promote: z
      .object({
        requires: z
          .array(z.enum(['DARK', 'FLAT', 'BIAS', 'DARKFLAT']))
          .default(['DARK', 'FLAT'])
          .describe('Calibration kinds a night needs before it is promoted to 20_Data.'),
      })
      .strict()
      .default({ requires: ['DARK', 'FLAT'] }),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).default(1).describe('Configuration format version.'),
    catalog: z
      .object({
        path: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Catalog database file. Default: the platform data folder (e.g. ~/.local/share/astrocat/catalog.sqlite).',
          ),
        journalMode: z
          .enum(['auto', 'wal', 'delete'])
          .default('auto')
          .describe(
            'SQLite journal. auto/delete: rollback journal, readable by every host. wal: WAL on local disks only (never on a network share); the Obsidian and VS Code hosts cannot open a WAL catalog.',
          ),
      })
      .strict()
      .default({ journalMode: 'auto' }),
    library: z
      .object({
        folders: z
          .array(z.string().min(1))
          .default([])
          .describe('Folders that `scan` and `watch` use when none are given.'),
      })
      .strict()
      .default({ folders: [] }),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone name (e.g. "Europe/Berlin")' })
      .optional()
      .describe(
        'Time zone of the observing site, for the observing night when headers carry no local time.',
      ),
    scan: z
      .object({
        extensions: z
          .array(z.string().regex(/^\./, 'must start with a dot'))
          .default(['.fits', '.fit', '.fts', '.fits.fz', '.fz', '.xisf']),
        ignore: z
          .array(z.string())
          .default(['.astrocat', '.git', 'node_modules', '@eaDir', '$RECYCLE.BIN'])
          .describe('Folder names skipped while scanning.'),
        workers: z
          .number()
          .int()
          .min(0)
          .max(64)
          .optional()
          .describe(
            'Header-parsing threads besides the one that walks folders, reads file heads and writes the catalog; default one fewer than the cores (at least one); 0 parses in that thread.',
          ),
      })
      .strict()
      .default({
        extensions: ['.fits', '.fit', '.fts', '.fits.fz', '.fz', '.xisf'],
        ignore: ['.astrocat', '.git', 'node_modules', '@eaDir', '$RECYCLE.BIN'],
      }),
    agents: z
      .object({
        plugins: z
          .array(agentPluginSchema)
          .default([])
          .describe('Third-party enrichment agents, run after the built-in ones.'),
        hashing: z
          .boolean()
          .default(true)
          .describe('Compute SHA-256 and MD5 of every file in the background.'),
        quality: z
          .union(
            [
              z.boolean(),
              z
                .object({
                  hfrMethod: z
                    .enum(HFR_METHODS)
                    .default('sampled')
                    .describe(
                      "Half-flux radius stored as hfrPx: 'sampled' (true to the star as sampled) or 'source-extractor' (its FLUX_RADIUS, to compare with tools built on it; about 3x slower). Changing it re-measures every light frame on the next scan.",
                    ),
                })
                .strict(),
            ],
            {
              error: `must be true, false or { "hfrMethod": ${HFR_METHODS.map((m) => `"${m}"`).join(' | ')} }`,
            },
          )
          .default(true)
          .describe(
            'Measure stars, HFR, FWHM, background and noise of every light frame in the background (about 1 s per 26-megapixel frame): true, false, or options.',
          ),
      })
      .strict()
      .default({ plugins: [], hashing: true, quality: true }),
    workflow: workflowSchema.default({
      layout: {},
      rigs: [],
      cull: DEFAULT_CULL_PASSES,
      stampMetrics: false,
      preCommands: [],
      postCommands: [],
      promote: { requires: ['DARK', 'FLAT'] },
    }),
    backup: backupConfigSchema.default({ targets: {}, concurrency: 4 }),
    calibration: calibrationConfigSchema.prefault({}),
  })
  .strict();

export type AstroConfig = z.output<typeof configSchema>;
export type AstroConfigInput = z.input<typeof configSchema>;
export type WorkflowConfig = AstroConfig['workflow'];

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
