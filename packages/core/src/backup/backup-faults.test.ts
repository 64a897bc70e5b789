import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryBackupLedger, type BackupLedger } from './backup-ledger.js';
import { backupStatus } from './backup-status.js';
import { planBackup } from './plan-backup.js';
import { pruneLocalFiles } from './prune-files.js';
import { restoreFiles } from './restore-files.js';
import { runBackup } from './run-backup.js';
import { openS3Target, type S3StorageTarget } from './s3-target.js';
import { itemFor, makeLibrary } from './testing/make-library.js';
import { useS3BehindFaultProxy } from './testing/s3-behind-proxy.js';
import { verifyBackup } from './verify-backup.js';

const MiB = 1024 * 1024;
const fastRetry = { attempts: 3, baseDelayMs: 5 };
const isUpload = (method: string, url: string) => method === 'PUT' && !url.includes('uploads');

describe('backup through a fault-injecting proxy to s3rver', () => {
  const servers = useS3BehindFaultProxy();
  let target: S3StorageTarget;
  let prefixCounter = 0;

  async function freshTarget(): Promise<S3StorageTarget> {
    // SDK retries off, so the faults reach our own retry layer.
    target = await openS3Target({
      name: 'cloud',
      bucket: servers.s3.bucket,
      prefix: `run${prefixCounter++}`,
      endpoint: servers.proxy.endpoint,
      partSizeBytes: 5 * MiB,
      maxAttempts: 1,
    });
    return target;
  }

  it('retries after 500s and dropped connections, and records only checked objects', async () => {
    await freshTarget();
    const { items } = await makeLibrary([
      {
        relPath: 'rig1/M31/light_001.fits',
        sizeBytes: 300_000,
        seed: 1,
        rig: 'rig1',
        target: 'M31',
        frameType: 'LIGHT',
        night: '2024-10-05',
      },
      {
        relPath: 'rig1/M31/light_002.fits',
        sizeBytes: 400_000,
        seed: 2,
        rig: 'rig1',
        target: 'M31',
        frameType: 'LIGHT',
        night: '2024-10-05',
      },
      {
        relPath: 'rig1/darks/dark_300s.fits',
        sizeBytes: 11 * MiB,
        seed: 3,
        rig: 'rig1',
        frameType: 'DARK',
      },
    ]);
    const failedOnce = new Set<string>();
    servers.proxy.setRule(({ method, url }) => {
      // Fail each object (and each part number) once, whatever upload id a retry gets.
      const id = url.replace(/uploadId=[^&]+/, '');
      if (!isUpload(method, url) || failedOnce.has(id)) return 'pass';
      failedOnce.add(id);
      return url.includes('light_001') || url.includes('partNumber=2')
        ? 'drop-mid-body'
        : 'status-500';
    });
    const ledger = memoryBackupLedger();
    const plan = await planBackup({ source: items, ledger, target: 'cloud' });
    expect(plan.uploads.map((u) => u.reason)).toEqual(['new', 'new', 'new']);
    const progress: number[] = [];
    const report = await runBackup({
      plan,
      target,
      ledger,
      retry: fastRetry,
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(report.diagnostics).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.outcomes.every((o) => o.attempts >= 2)).toBe(true);
    expect(servers.proxy.log.some((r) => r.action === 'drop-mid-body')).toBe(true);
    expect(servers.proxy.log.some((r) => r.action === 'status-500')).toBe(true);
    expect(progress.at(-1)).toBe(plan.uploadBytes);
    const records = await ledger.list('cloud');
    expect(records).toHaveLength(3);
    expect(records.find((r) => r.relPath.includes('dark'))?.partCount).toBe(3);
    // Parts carry a CRC32 and no payload hash; no request waits for `100 Continue`.
    const partRequests = servers.proxy.log.filter((r) => r.url.includes('partNumber='));
    expect(partRequests.length).toBeGreaterThanOrEqual(3);
    for (const part of partRequests) {
      expect(part.headers['x-amz-checksum-crc32']).toMatch(/^[A-Za-z0-9+/]{6}==$/);
      expect(part.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    }
    expect(servers.proxy.log.filter((r) => r.headers.expect)).toEqual([]);
    const deep = await verifyBackup({ target, ledger, kind: 'deep' });
    expect(deep.counts).toMatchObject({ ok: 3, mismatch: 0 });

    const again = await planBackup({ source: items, ledger, target: 'cloud' });
    expect(again.uploads).toHaveLength(0);
    expect(again.unchanged).toHaveLength(3);
  });

  it('never records an object that keeps failing', async () => {
    await freshTarget();
    const { items } = await makeLibrary([{ relPath: 'a/b.fits', sizeBytes: 50_000, seed: 9 }]);
    servers.proxy.setRule(({ method, url }) => (isUpload(method, url) ? 'status-500' : 'pass'));
    const ledger = memoryBackupLedger();
    const report = await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'cloud' }),
      target,
      ledger,
      retry: fastRetry,
    });
    expect(report.failed).toBe(1);
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: { code: 'REMOTE_ERROR' },
    });
    expect(await ledger.list()).toHaveLength(0);
  });

  it('catches a byte flipped in a single-part PUT by its ETag and uploads again', async () => {
    await freshTarget();
    const { items } = await makeLibrary([
      { relPath: 'flip/single.fits', sizeBytes: 200_000, seed: 4 },
    ]);
    let flipped = false;
    servers.proxy.setRule(({ method, url }) => {
      if (!isUpload(method, url) || flipped) return 'pass';
      flipped = true;
      return 'flip-byte';
    });
    const ledger = memoryBackupLedger();
    const report = await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'cloud' }),
      target,
      ledger,
      retry: fastRetry,
    });
    expect(report.outcomes[0]).toMatchObject({ status: 'uploaded', attempts: 2 });
    // Our SHA-256 is the signed payload hash, so real S3 would refuse the flipped body outright.
    const put = servers.proxy.log.find((r) => r.method === 'PUT' && r.url.includes('single.fits'));
    const record = await ledger.get('cloud', 'flip/single.fits');
    expect(put?.headers['x-amz-content-sha256']).toBe(record?.sha256);
    expect(put?.headers['content-md5']).toBe(Buffer.from(record!.etag!, 'hex').toString('base64'));
    expect((await verifyBackup({ target, ledger, kind: 'deep' })).counts.ok).toBe(1);
  });

  describe('a byte flipped inside a multipart part (s3rver ignores part checksums)', () => {
    let ledger: BackupLedger;
    let root: string;
    let items: Awaited<ReturnType<typeof makeLibrary>>['items'];

    beforeAll(async () => {
      await freshTarget();
      ({ root, items } = await makeLibrary([
        {
          relPath: 'rig2/NGC7000/light_big.fits',
          sizeBytes: 11 * MiB,
          seed: 5,
          rig: 'rig2',
          target: 'NGC7000',
          frameType: 'LIGHT',
          night: '2024-08-01',
        },
        {
          relPath: 'rig2/NGC7000/light_ok.fits',
          sizeBytes: 100_000,
          seed: 6,
          rig: 'rig2',
          target: 'NGC7000',
          frameType: 'LIGHT',
          night: '2024-08-01',
        },
      ]));
      let flipped = false;
      servers.proxy.setRule(({ method, url }) => {
        if (method !== 'PUT' || !url.includes('partNumber=2') || flipped) return 'pass';
        flipped = true;
        return 'flip-byte';
      });
      ledger = memoryBackupLedger();
      const report = await runBackup({
        plan: await planBackup({ source: items, ledger, target: 'cloud' }),
        target,
        ledger,
        retry: fastRetry,
      });
      expect(report.failed).toBe(0);
      servers.proxy.setRule(() => 'pass');
    });

    it('passes the quick check, and deep verify catches it', async () => {
      expect((await verifyBackup({ target, ledger, kind: 'quick' })).counts).toMatchObject({
        ok: 2,
        mismatch: 0,
      });
      const deep = await verifyBackup({ target, ledger, kind: 'deep' });
      expect(deep.counts).toMatchObject({ ok: 1, mismatch: 1 });
      const bad = deep.results.find((r) => r.status === 'mismatch');
      expect(bad?.relPath).toBe('rig2/NGC7000/light_big.fits');
      expect(bad?.problems.join()).toMatch(/content sha256/);
      expect((await ledger.get('cloud', 'rig2/NGC7000/light_big.fits'))?.verifyStatus).toBe(
        'mismatch',
      );
    });

    it('prune refuses to delete the damaged file and deletes the verified one', async () => {
      const journalPath = join(root, '.astrocat', 'prune.jsonl');
      const preview = await pruneLocalFiles({ source: items, ledger });
      expect(preview.dryRun).toBe(true);
      expect(preview.entries.map((e) => [e.relPath, e.decision])).toEqual([
        ['rig2/NGC7000/light_big.fits', 'keep'],
        ['rig2/NGC7000/light_ok.fits', 'delete'],
      ]);
      expect(preview.entries[0]?.reason).toMatch(/failed verification/);
      await stat(items[1]!.path);

      const acted = await pruneLocalFiles({ source: items, ledger, dryRun: false, journalPath });
      expect(acted.entries.filter((e) => e.deleted).map((e) => e.relPath)).toEqual([
        'rig2/NGC7000/light_ok.fits',
      ]);
      await expect(stat(items[0]!.path)).resolves.toBeTruthy();
      await expect(stat(items[1]!.path)).rejects.toThrow();
      const journal = (await readFile(journalPath, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { op: string });
      expect(journal.map((j) => j.op)).toEqual(['plan', 'unlink-start', 'unlink-done']);
    });

    it('status shows the mismatch, and restore refuses the corrupt copy', async () => {
      const status = await backupStatus({ source: [items[0]!], ledger, target });
      expect(status.totals.mismatch).toEqual({ count: 1, bytes: 11 * MiB });
      expect(status.byRig.rig2?.mismatch.count).toBe(1);
      expect(status.orphans?.map((o) => o.key)).toEqual(['rig2/NGC7000/light_ok.fits']);

      const restored = await restoreFiles({
        target,
        ledger,
        destinationRoot: join(root, 'restore'),
      });
      const byPath = Object.fromEntries(restored.results.map((r) => [r.relPath, r.status]));
      expect(byPath).toEqual({
        'rig2/NGC7000/light_big.fits': 'corrupt',
        'rig2/NGC7000/light_ok.fits': 'restored',
      });
      await expect(stat(join(root, 'restore/rig2/NGC7000/light_big.fits'))).rejects.toThrow();
      const back = await readFile(join(root, 'restore/rig2/NGC7000/light_ok.fits'));
      expect(back.length).toBe(100_000);
    });

    it('a fresh backup of the changed file repairs the copy', async () => {
      // Touching the file alone is not a change; new content is.
      const big = items[0]!;
      const bytes = await readFile(big.path);
      bytes[0] = bytes[0]! ^ 1;
      await writeFile(big.path, bytes);
      const changed = await itemFor(root, big.relPath, { rig: 'rig2' });
      const plan = await planBackup({ source: [changed], ledger, target: 'cloud' });
      expect(plan.uploads.map((u) => u.reason)).toEqual(['changed']);
      const report = await runBackup({ plan, target, ledger, retry: fastRetry });
      expect(report.uploaded).toBe(1);
      expect(
        (await verifyBackup({ target, ledger, kind: 'deep', filter: { paths: [big.relPath] } }))
          .counts.ok,
      ).toBe(1);
      await rm(root, { recursive: true, force: true });
    });
  });
});
