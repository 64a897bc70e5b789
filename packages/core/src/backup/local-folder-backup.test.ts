import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryBackupLedger } from './backup-ledger.js';
import { backupStatus, formatBackupStatus } from './backup-status.js';
import { hashFile } from './hash-file.js';
import { localFolderTarget } from './local-folder-target.js';
import { parseTargetUrl } from './open-storage-target.js';
import { planBackup } from './plan-backup.js';
import { pruneLocalFiles } from './prune-files.js';
import { restoreFiles } from './restore-files.js';
import { runBackup } from './run-backup.js';
import { itemFor, makeLibrary } from './testing/make-library.js';
import { verifyBackup } from './verify-backup.js';

async function setup() {
  const { root, items } = await makeLibrary([
    {
      relPath: 'rigA/10_Blink/M31/DATE_2024-10-05/l1.fits',
      sizeBytes: 20_000,
      seed: 1,
      rig: 'rigA',
      target: 'M31',
      frameType: 'LIGHT',
      night: '2024-10-05',
    },
    {
      relPath: 'rigA/10_Blink/M31/DATE_2024-10-06/l2.fits',
      sizeBytes: 30_000,
      seed: 2,
      rig: 'rigA',
      target: 'M31',
      frameType: 'LIGHT',
      night: '2024-10-06',
    },
    { relPath: 'rigB/darks/d1.xisf', sizeBytes: 40_000, seed: 3, rig: 'rigB', frameType: 'DARK' },
  ]);
  const nas = await mkdtemp(join(tmpdir(), 'astrocat-nas-'));
  const target = localFolderTarget(nas, { name: 'nas' });
  const ledger = memoryBackupLedger();
  return { root, items, nas, target, ledger };
}

describe('backup to a local folder target', () => {
  it('mirrors the library layout, plans incrementally and shows status', async () => {
    const { root, items, nas, target, ledger } = await setup();
    const report = await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'nas' }),
      target,
      ledger,
    });
    expect(report.uploaded).toBe(3);
    expect(await readFile(join(nas, 'rigB/darks/d1.xisf'))).toEqual(await readFile(items[2]!.path));
    expect((await target.list()).objects.map((o) => o.key)).toEqual([
      'rigA/10_Blink/M31/DATE_2024-10-05/l1.fits',
      'rigA/10_Blink/M31/DATE_2024-10-06/l2.fits',
      'rigB/darks/d1.xisf',
    ]);

    // A touched file (same bytes, new mtime) is unchanged; an edited one is changed.
    await utimes(items[0]!.path, new Date(), new Date(Date.now() + 5000));
    await writeFile(items[1]!.path, Buffer.alloc(30_000, 7));
    const current = await Promise.all(items.map((i) => itemFor(root, i.relPath, i)));
    const plan = await planBackup({ source: current, ledger, target: 'nas' });
    expect(plan.uploads.map((u) => [u.item.relPath, u.reason])).toEqual([
      ['rigA/10_Blink/M31/DATE_2024-10-06/l2.fits', 'changed'],
    ]);
    expect(plan.unchanged).toHaveLength(2);

    await writeFile(join(nas, 'stray.fits'), 'x');
    await mkdir(join(nas, '_catalog'));
    await writeFile(join(nas, '_catalog', 'catalog-20240101T000000Z.sqlite'), 'not an orphan');
    // As the catalog's hashing agent would: with hashes, a touch is not a change.
    for (const item of current) item.sha256 = (await hashFile(item.path)).sha256;
    const status = await backupStatus({ source: current, ledger, target });
    expect(status.totals['backed-up'].count).toBe(2);
    expect(status.totals.changed).toEqual({ count: 1, bytes: 30_000 });
    expect(status.byRig.rigA?.changed.count).toBe(1);
    expect(status.byFrameType.DARK?.['backed-up'].bytes).toBe(40_000);
    expect(status.byStorageClass.LOCAL?.['backed-up'].count).toBe(2);
    expect(status.orphans).toEqual([{ key: 'stray.fits', sizeBytes: 1, storageClass: 'LOCAL' }]);
    expect(formatBackupStatus(status)).toMatch(/remote orphans: 1 \(1 B\)/);
  });

  it('deep verify catches bytes rotted on the NAS; restore never overwrites a different file', async () => {
    const { root, items, nas, target, ledger } = await setup();
    await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'nas' }),
      target,
      ledger,
    });
    const stored = join(nas, 'rigB/darks/d1.xisf');
    const bytes = await readFile(stored);
    bytes[100] = bytes[100]! ^ 0x10;
    await writeFile(stored, bytes);
    expect((await verifyBackup({ target, ledger, kind: 'quick' })).counts.ok).toBe(3);
    const deep = await verifyBackup({ target, ledger, kind: 'deep' });
    expect(deep.counts).toMatchObject({ ok: 2, mismatch: 1 });
    expect(deep.bytesRead).toBe(90_000);

    const prune = await pruneLocalFiles({ source: items, ledger, targets: ['nas'] });
    expect(prune.entries.map((e) => e.decision)).toEqual(['delete', 'delete', 'keep']);

    await writeFile(items[0]!.path, 'a different local file');
    const restored = await restoreFiles({ target, ledger, filter: { paths: ['rigA/'] } });
    expect(restored.results.map((r) => r.status)).toEqual(['conflict', 'already-present']);
    expect(await readFile(items[0]!.path, 'utf8')).toBe('a different local file');

    const bySession = await restoreFiles({
      target,
      ledger,
      filter: { night: '2024-10-05' },
      destinationRoot: join(root, 'out'),
    });
    expect(bySession.results).toMatchObject([
      { relPath: 'rigA/10_Blink/M31/DATE_2024-10-05/l1.fits', status: 'restored' },
    ]);
    const restoredInfo = await stat(join(root, 'out/rigA/10_Blink/M31/DATE_2024-10-05/l1.fits'));
    expect(Math.round(restoredInfo.mtimeMs / 1000)).toBe(Math.round(items[0]!.mtimeMs / 1000));
  });

  it('refuses a file whose bytes no longer match its catalog hash, leaving nothing behind', async () => {
    const { items, nas, target, ledger } = await setup();
    const stale = items.map((item) => ({ ...item }));
    stale[0]!.sha256 = (await hashFile(stale[0]!.path)).sha256;
    await writeFile(stale[0]!.path, Buffer.alloc(20_000, 1));
    const report = await runBackup({
      plan: await planBackup({ source: stale, ledger, target: 'nas' }),
      target,
      ledger,
    });
    expect(report.outcomes.map((o) => o.status)).toEqual(['failed', 'uploaded', 'uploaded']);
    expect(report.outcomes[0]).toMatchObject({ attempts: 1, error: { code: 'CHECKSUM_MISMATCH' } });
    expect((await ledger.list('nas')).map((r) => r.relPath)).toEqual([
      stale[1]!.relPath,
      stale[2]!.relPath,
    ]);
    expect(await target.head(stale[0]!.relPath)).toBeNull();
    const leftovers = await readdir(join(nas, 'rigA/10_Blink/M31/DATE_2024-10-05')).catch(() => []);
    expect(leftovers).toEqual([]);
    // Cold files are hashed from the bytes written.
    expect((await ledger.get('nas', stale[2]!.relPath))?.sha256).toBe(
      (await hashFile(join(nas, stale[2]!.relPath))).sha256,
    );
  });

  it('prune keeps files changed after verification and needs a journal to act', async () => {
    const { root, items, target, ledger } = await setup();
    await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'nas' }),
      target,
      ledger,
      now: () => 1000,
    });
    await verifyBackup({ target, ledger, kind: 'deep', now: () => 1000 });
    const current = await Promise.all(items.map((i) => itemFor(root, i.relPath, i)));
    const report = await pruneLocalFiles({ source: current, ledger });
    expect(
      report.entries.every((e) => e.reason === 'file changed after the last verification'),
    ).toBe(true);
    await expect(pruneLocalFiles({ source: current, ledger, dryRun: false })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENT' },
    );
  });

  it('parses target URLs like aws and rclone users write them', () => {
    expect(
      parseTargetUrl('s3://astro-archive/library/main', {
        endpoint: 'http://nas:9000',
        region: undefined,
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'astro-archive',
      prefix: 'library/main',
      endpoint: 'http://nas:9000',
    });
    expect(parseTargetUrl('/mnt/nas/backup')).toEqual({ kind: 'folder', path: '/mnt/nas/backup' });
    expect(parseTargetUrl('file:///mnt/x', { name: 'x' })).toEqual({
      kind: 'folder',
      path: '/mnt/x',
      name: 'x',
    });
    expect(() => parseTargetUrl('gs://bucket')).toThrow(/unsupported/);
    expect(() => parseTargetUrl('s3://Bad_Bucket')).toThrow(/bucket name/);
  });
});
