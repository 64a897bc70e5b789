import { z } from 'zod';
import { AstroError, ErrorCode } from '../errors/index.js';
import { lifecycleConfigSchema } from './lifecycle-policy.js';
import { parseTargetUrl, type TargetSpec } from './open-storage-target.js';

const targetSchema = z.union([
  z
    .object({
      url: z.string().regex(/^s3:\/\//, 'must look like s3://bucket/prefix'),
      endpoint: z
        .string()
        .url()
        .optional()
        .describe('S3-compatible endpoint (MinIO, Wasabi, ...).'),
      region: z.string().optional(),
      storageClass: z
        .string()
        .optional()
        .describe('Storage class for new objects, e.g. STANDARD_IA.'),
      partChecksum: z
        .enum(['CRC32', 'SHA256'])
        .optional()
        .describe(
          'Checksum each multipart part carries (default CRC32; SHA256 costs a hash per byte).',
        ),
      lifecycle: lifecycleConfigSchema.optional(),
    })
    .strict(),
  z.object({ path: z.string().min(1).describe('A local or NAS folder.') }).strict(),
]);

/**
 * The `backup` section of the config file (to be mounted in the core config schema). Credentials
 * never appear here: S3 keys come from the standard AWS environment/profile chain.
 *
 * @example
 * ```json
 * { "defaultTarget": "wasabi",
 *   "targets": { "wasabi": { "url": "s3://astro/library", "endpoint": "https://s3.eu-central-1.wasabisys.com" },
 *                "nas": { "path": "/mnt/nas/astro-backup" } },
 *   "concurrency": 4, "verifyMaxBytesPerSec": 50000000 }
 * ```
 */
export const backupConfigSchema = z
  .object({
    targets: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), targetSchema).default({}),
    defaultTarget: z.string().optional(),
    concurrency: z.number().int().min(1).max(64).default(4),
    verifyMaxBytesPerSec: z.number().positive().optional(),
    /** Where prune writes its journal; default `<catalog folder>/prune-journal.jsonl`. */
    pruneJournal: z.string().optional(),
  })
  .strict();
export type BackupConfig = z.output<typeof backupConfigSchema>;
export type BackupConfigInput = z.input<typeof backupConfigSchema>;

/** How a command names its target: a configured name, or a URL/path like `aws s3` and rclone take. */
export interface TargetChoice {
  target?: string;
  to?: string;
  endpoint?: string;
  region?: string;
  storageClass?: string;
}

/**
 * Picks the target for a command: `--to` wins, then `--target <name>`, then the default.
 *
 * @example
 * ```ts
 * const spec = resolveTargetSpec(backupConfigSchema.parse(raw.backup ?? {}), { to: 's3://astro/lib', endpoint: 'http://nas:9000' });
 * ```
 */
export function resolveTargetSpec(
  config: BackupConfig | undefined,
  choice: TargetChoice,
): TargetSpec {
  const extra = {
    endpoint: choice.endpoint,
    region: choice.region,
    storageClass: choice.storageClass,
  };
  if (choice.to) return parseTargetUrl(choice.to, { ...extra, name: nameFromUrl(choice.to) });
  const name =
    choice.target ??
    config?.defaultTarget ??
    (config && Object.keys(config.targets).length === 1
      ? Object.keys(config.targets)[0]
      : undefined);
  if (!name)
    throw new AstroError(
      ErrorCode.CONFIG_INVALID,
      'no backup target: pass --to s3://bucket/prefix (or a folder) or --target <name> from config',
    );
  const entry = config?.targets[name];
  if (!entry)
    throw new AstroError(ErrorCode.CONFIG_INVALID, `no backup target named "${name}" in config`, {
      details: { name },
    });
  if ('path' in entry) return parseTargetUrl(entry.path, { name });
  return parseTargetUrl(entry.url, {
    name,
    endpoint: choice.endpoint ?? entry.endpoint,
    region: choice.region ?? entry.region,
    storageClass: choice.storageClass ?? entry.storageClass,
    partChecksum: entry.partChecksum,
  });
}

/** A stable ledger name for an ad-hoc `--to` target, so later runs find their records. */
export function nameFromUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
