import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryBackupLedger } from './backup-ledger.js';
import {
  backupLibrary,
  libraryBackupStatus,
  lifecycleForTarget,
  pruneLibrary,
  restoreLibrary,
  verifyLibrary,
} from './library-backup.js';
import { parseTargetUrl } from './open-storage-target.js';
import { makeLibrary } from './testing/make-library.js';

describe('host-facing backup calls', () => {
  it('dry-runs, backs up, verifies, reports status, prunes and restores through one spec', async () => {
    const { root, items } = await makeLibrary([
      {
        relPath: 'r/M42/a.fits',
        sizeBytes: 1000,
        seed: 1,
        rig: 'r',
        target: 'M42',
        frameType: 'LIGHT',
        night: '2024-01-01',
      },
      {
        relPath: 'r/M42/b.fits',
        sizeBytes: 2000,
        seed: 2,
        rig: 'r',
        target: 'M42',
        frameType: 'LIGHT',
        night: '2024-01-02',
      },
    ]);
    const spec = parseTargetUrl(join(await mkdtemp(join(tmpdir(), 'astrocat-t-')), 'nas'), {
      name: 'nas',
    });
    const ledger = memoryBackupLedger();
    const dry = await backupLibrary({ items, ledger, spec, dryRun: true });
    expect(dry.report).toBeNull();
    expect(dry.plan.uploads.map((u) => [u.key, u.reason, u.sizeBytes])).toEqual([
      ['r/M42/a.fits', 'new', 1000],
      ['r/M42/b.fits', 'new', 2000],
    ]);
    expect(await ledger.list()).toEqual([]);

    const done = await backupLibrary({ items, ledger, spec });
    expect(done.report?.uploaded).toBe(2);
    expect(
      (await verifyLibrary({ ledger, spec, deep: true, filter: { night: '2024-01-01' } })).counts,
    ).toMatchObject({ ok: 1 });
    const status = await libraryBackupStatus({ items, ledger, spec });
    expect([status.totals.verified.count, status.totals['backed-up'].count]).toEqual([1, 1]);

    const pruned = await pruneLibrary({
      items,
      ledger,
      yes: true,
      journalPath: join(root, 'journal.jsonl'),
    });
    expect(pruned.entries.map((e) => [e.relPath, e.deleted ?? false])).toEqual([
      ['r/M42/a.fits', true],
      ['r/M42/b.fits', false],
    ]);
    const restored = await restoreLibrary({ ledger, spec, filter: { paths: ['r/M42/a.fits'] } });
    expect(restored.results).toMatchObject([{ status: 'restored', destination: items[0]!.path }]);
  });

  it('shows a lifecycle policy for S3 without touching the network, and refuses folders', async () => {
    const spec = parseTargetUrl('s3://astro/lib', { endpoint: 'http://127.0.0.1:9' });
    const shown = await lifecycleForTarget({
      spec,
      dryRun: true,
      config: { rules: [{ id: 'all', abortIncompleteMultipartAfterDays: 3 }] },
    });
    expect(shown).toEqual({
      bucket: 'astro',
      applied: null,
      policy: {
        versioning: { Status: 'Enabled' },
        lifecycle: {
          Rules: [
            {
              ID: 'astrocat-all',
              Filter: { Prefix: 'lib/' },
              Status: 'Enabled',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
            },
          ],
        },
      },
    });
    await expect(
      lifecycleForTarget({ spec: parseTargetUrl('/tmp/x'), config: { rules: [] } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
