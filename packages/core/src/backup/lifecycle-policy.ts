import type * as S3 from '@aws-sdk/client-s3';
import { z } from 'zod';
import { AstroError, ErrorCode } from '../errors/index.js';
import { loadS3Sdk, type S3Sender } from './s3-target.js';

const storageClass = z.enum([
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
]);

/** Versioning and lifecycle rules as written in config. */
export const lifecycleConfigSchema = z.object({
  versioning: z.boolean().default(true),
  rules: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, . _ -'),
        /** Library-relative folder the rule covers (under the target prefix). */
        prefix: z.string().default(''),
        /** Only objects tagged with these frame types (backups tag every object `frameType`). */
        frameTypes: z.array(z.string().min(1)).optional(),
        transitions: z
          .array(z.object({ afterDays: z.number().int().min(0), storageClass }))
          .default([]),
        expireNoncurrentAfterDays: z.number().int().positive().optional(),
        abortIncompleteMultipartAfterDays: z.number().int().positive().optional(),
      }),
    )
    .default([]),
});
export type LifecycleConfig = z.input<typeof lifecycleConfigSchema>;

/** Exactly what `apply` sends: the bodies of PutBucketVersioning and PutBucketLifecycleConfiguration. */
export interface LifecyclePolicy {
  versioning: S3.VersioningConfiguration;
  lifecycle: { Rules: S3.LifecycleRule[] };
}

/** Our rule ids carry this prefix, so applying never touches rules someone else put on the bucket. */
export const RULE_ID_PREFIX = 'astrocat-';

/**
 * Builds the bucket policy from config, scoped to the target's key prefix. A rule with frame
 * types becomes one S3 rule per type, filtered on the `frameType` tag.
 *
 * @example
 * ```ts
 * const policy = buildLifecyclePolicy({ rules: [{ id: 'lights', frameTypes: ['LIGHT'],
 *   transitions: [{ afterDays: 30, storageClass: 'GLACIER' }, { afterDays: 180, storageClass: 'DEEP_ARCHIVE' }],
 *   expireNoncurrentAfterDays: 30, abortIncompleteMultipartAfterDays: 3 }] }, { prefix: 'astro/' });
 * console.log(JSON.stringify(policy, null, 2));
 * ```
 */
export function buildLifecyclePolicy(
  config: LifecycleConfig,
  options: { prefix?: string } = {},
): LifecyclePolicy {
  const parsed = lifecycleConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new AstroError(
      ErrorCode.CONFIG_INVALID,
      `invalid lifecycle config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const rules: S3.LifecycleRule[] = [];
  for (const rule of parsed.data.rules) {
    const days = rule.transitions.map((t) => t.afterDays);
    if (days.some((d, i) => i > 0 && d <= (days[i - 1] as number))) {
      throw new AstroError(
        ErrorCode.CONFIG_INVALID,
        `lifecycle rule ${rule.id}: transitions must be in increasing days`,
      );
    }
    const prefix = (options.prefix ?? '') + rule.prefix;
    const body: Omit<S3.LifecycleRule, 'ID' | 'Filter'> = { Status: 'Enabled' };
    if (rule.transitions.length > 0)
      body.Transitions = rule.transitions.map((t) => ({
        Days: t.afterDays,
        StorageClass: t.storageClass,
      }));
    if (rule.expireNoncurrentAfterDays !== undefined)
      body.NoncurrentVersionExpiration = { NoncurrentDays: rule.expireNoncurrentAfterDays };
    if (rule.abortIncompleteMultipartAfterDays !== undefined) {
      body.AbortIncompleteMultipartUpload = {
        DaysAfterInitiation: rule.abortIncompleteMultipartAfterDays,
      };
    }
    if (!rule.frameTypes || rule.frameTypes.length === 0) {
      rules.push({ ID: RULE_ID_PREFIX + rule.id, Filter: { Prefix: prefix }, ...body });
      continue;
    }
    // S3 rejects AbortIncompleteMultipartUpload on tag-filtered rules (uploads carry no tags yet).
    const { AbortIncompleteMultipartUpload: abortUploads, ...tagged } = body;
    for (const frameType of rule.frameTypes) {
      const slug = frameType.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      rules.push({
        ID: `${RULE_ID_PREFIX}${rule.id}-${slug}`,
        Filter: { And: { Prefix: prefix, Tags: [{ Key: 'frameType', Value: frameType }] } },
        ...tagged,
      });
    }
    if (abortUploads)
      rules.push({
        ID: `${RULE_ID_PREFIX}${rule.id}-uploads`,
        Filter: { Prefix: prefix },
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: abortUploads,
      });
  }
  return {
    versioning: { Status: parsed.data.versioning ? 'Enabled' : 'Suspended' },
    lifecycle: { Rules: rules },
  };
}

export interface ApplyLifecycleResult {
  /** The full rule set now on the bucket (ours plus rules we left alone). */
  rules: S3.LifecycleRule[];
  keptForeignRules: number;
}

/**
 * Applies a policy: versioning first (noncurrent-version rules need it), then the lifecycle
 * rules, keeping any rule on the bucket whose id is not ours.
 *
 * @example
 * ```ts
 * await applyLifecyclePolicy(target, buildLifecyclePolicy(config.lifecycle, { prefix: target.prefix }));
 * ```
 */
export async function applyLifecyclePolicy(
  target: { client: S3Sender; bucket: string },
  policy: LifecyclePolicy,
): Promise<ApplyLifecycleResult> {
  const sdk = await loadS3Sdk();
  const { client, bucket } = target;
  let existing: S3.LifecycleRule[] = [];
  try {
    const current = (await client.send(
      new sdk.GetBucketLifecycleConfigurationCommand({ Bucket: bucket }),
    )) as S3.GetBucketLifecycleConfigurationCommandOutput;
    existing = current.Rules ?? [];
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchLifecycleConfiguration') {
      throw new AstroError(
        ErrorCode.REMOTE_ERROR,
        `cannot read lifecycle of ${bucket}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const foreign = existing.filter((rule) => !(rule.ID ?? '').startsWith(RULE_ID_PREFIX));
  const rules = [...foreign, ...policy.lifecycle.Rules];
  try {
    await client.send(
      new sdk.PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: policy.versioning,
      }),
    );
    await client.send(
      new sdk.PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: rules },
      }),
    );
  } catch (error) {
    throw new AstroError(
      ErrorCode.REMOTE_ERROR,
      `cannot apply lifecycle to ${bucket}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { rules, keptForeignRules: foreign.length };
}
