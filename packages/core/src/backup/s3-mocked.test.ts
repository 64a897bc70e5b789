import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../io/byte-source.js';
import { memoryBackupLedger } from './backup-ledger.js';
import { checkUploadedObject } from './check-uploaded-object.js';
import { hashBytes } from './hash-file.js';
import { applyLifecyclePolicy, buildLifecyclePolicy } from './lifecycle-policy.js';
import { planBackup } from './plan-backup.js';
import { restoreFiles } from './restore-files.js';
import { runBackup } from './run-backup.js';
import { openS3Target } from './s3-target.js';
import { makeLibrary, seededBytes } from './testing/make-library.js';
import { MockS3Client } from './testing/mock-s3-client.js';
import { verifyBackup } from './verify-backup.js';

const MiB = 1024 * 1024;

function crc32Base64(bytes: Uint8Array): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(bytes) >>> 0);
  return value.toString('base64');
}

async function mockTarget(client = new MockS3Client()) {
  const target = await openS3Target({
    name: 'aws',
    bucket: 'astro',
    prefix: 'lib/',
    client,
    partSizeBytes: 5 * MiB,
  });
  return { client, target };
}

describe('S3 target on a mocked AWS client', () => {
  it('sends Content-MD5 single-part and CRC32 per part, and gets an md5-of-md5s-N ETag', async () => {
    const { client, target } = await mockTarget();
    const small = seededBytes(1000, 1);
    const big = seededBytes(12 * MiB, 2);
    const putSmall = await target.put({
      key: 's.fits',
      source: bufferSource(small),
      sha256: hashBytes(small).sha256,
      sizeBytes: 1000,
      mtimeMs: 1,
    });
    const putBig = await target.put({
      key: 'b.fits',
      source: bufferSource(big),
      sha256: hashBytes(big).sha256,
      sizeBytes: big.length,
      mtimeMs: 1,
      tags: { frameType: 'MASTER DARK' },
    });
    const single = client.calls.find((c) => c.command === 'PutObject')!.input;
    expect(single.ContentMD5).toBe(Buffer.from(hashBytes(small).md5, 'hex').toString('base64'));
    expect(single.Key).toBe('lib/s.fits');
    const create = client.calls.find((c) => c.command === 'CreateMultipartUpload')!.input;
    expect(create).toMatchObject({
      ChecksumAlgorithm: 'CRC32',
      Tagging: 'frameType=MASTER%20DARK',
      Metadata: { 'astrocat-sha256': hashBytes(big).sha256 },
    });
    const parts = client.calls.filter((c) => c.command === 'UploadPart');
    expect(parts.map((c) => c.input.ChecksumCRC32)).toEqual(
      [0, 1, 2].map((i) => crc32Base64(big.subarray(i * 5 * MiB, (i + 1) * 5 * MiB))),
    );
    // The mock refuses a completion whose parts do not list their checksums, as S3 does.
    expect(putBig.partCount).toBe(3);
    expect(putBig.sha256).toBe(hashBytes(big).sha256);
    expect(putSmall.sha256).toBe(hashBytes(small).sha256);
    expect(putBig.etag).toMatch(/^[0-9a-f]{32}-3$/);
    // A multipart ETag is never compared with a file MD5: this one passes although it is no MD5.
    const head = await target.head('b.fits');
    expect(
      checkUploadedObject(head, { sha256: hashBytes(big).sha256, sizeBytes: big.length }, putBig),
    ).toEqual([]);
    expect(
      checkUploadedObject(
        head,
        { sha256: hashBytes(big).sha256, sizeBytes: big.length },
        { ...putBig, partCount: 4 },
      ),
    ).toEqual(['ETag part count 3 != 4 parts sent']);
    expect(
      checkUploadedObject(
        await target.head('s.fits'),
        { sha256: hashBytes(small).sha256, sizeBytes: 1000 },
        { ...putSmall, md5: 'f'.repeat(32) },
      )[0],
    ).toMatch(/server stored different bytes/);
  });

  it('can send SHA-256 part checksums instead', async () => {
    const client = new MockS3Client();
    const target = await openS3Target({
      bucket: 'astro',
      client,
      partSizeBytes: 5 * MiB,
      partChecksum: 'SHA256',
    });
    const big = seededBytes(11 * MiB, 4);
    const put = await target.put({
      key: 'b.fits',
      source: bufferSource(big),
      sizeBytes: big.length,
      mtimeMs: 1,
    });
    expect(put).toMatchObject({ partCount: 3, sha256: hashBytes(big).sha256 });
    expect(
      client.calls.find((c) => c.command === 'CreateMultipartUpload')?.input.ChecksumAlgorithm,
    ).toBe('SHA256');
    expect(
      client.calls
        .filter((c) => c.command === 'UploadPart')
        .every((c) => typeof c.input.ChecksumSHA256 === 'string' && !c.input.ChecksumCRC32),
    ).toBe(true);
  });

  it('hashes a file the catalog did not, and never completes an upload whose bytes changed', async () => {
    const { client, target } = await mockTarget();
    const big = seededBytes(11 * MiB, 5);
    const cold = await target.put({
      key: 'cold.fits',
      source: bufferSource(big),
      sizeBytes: big.length,
      mtimeMs: 1,
    });
    expect(cold.sha256).toBe(hashBytes(big).sha256);
    expect((await target.head('cold.fits'))?.facts.sha256).toBe(hashBytes(big).sha256);

    // The file changes between the hashing pass and the upload pass: the last part differs.
    let reads = 0;
    const changing = {
      size: big.length,
      read: async (offset: number, length: number) => {
        const bytes = Buffer.from(big.subarray(offset, offset + length));
        if (offset + length === big.length && reads++ > 0) bytes[0] = bytes[0]! ^ 1;
        return bytes;
      },
      close: async () => {},
    };
    await expect(
      target.put({ key: 'changing.fits', source: changing, sizeBytes: big.length, mtimeMs: 1 }),
    ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    // Same with a catalog hash that no longer describes the file.
    const other = seededBytes(11 * MiB, 6);
    await expect(
      target.put({
        key: 'stale.fits',
        source: bufferSource(other),
        sha256: hashBytes(big).sha256,
        sizeBytes: other.length,
        mtimeMs: 1,
      }),
    ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(client.calls.filter((c) => c.command === 'CompleteMultipartUpload')).toHaveLength(1);
    expect(client.calls.filter((c) => c.command === 'AbortMultipartUpload')).toHaveLength(2);
    expect(client.uploads.size).toBe(0);
    expect([...client.objects.keys()]).toEqual(['lib/cold.fits']);
  });

  it('aborts its multipart upload when a part fails', async () => {
    const { client, target } = await mockTarget();
    client.beforeSend = (command, input) => {
      if (command === 'UploadPart' && input.PartNumber === 2)
        throw Object.assign(new Error('boom'), { name: 'InternalError' });
    };
    const big = seededBytes(11 * MiB, 3);
    await expect(
      target.put({
        key: 'b.fits',
        source: bufferSource(big),
        sha256: hashBytes(big).sha256,
        sizeBytes: big.length,
        mtimeMs: 1,
      }),
    ).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
    });
    expect(client.calls.map((c) => c.command)).toContain('AbortMultipartUpload');
    expect(client.uploads.size).toBe(0);
    expect(client.objects.size).toBe(0);
  });

  it('aborts incomplete uploads left by an interrupted run, only older ones', async () => {
    const { client, target } = await mockTarget();
    await client.send({
      constructor: { name: 'CreateMultipartUploadCommand' },
      input: { Key: 'lib/old.fits' },
    } as never);
    client.uploads.forEach((u) => (u.initiated = new Date(Date.now() - 3 * 86_400_000)));
    await client.send({
      constructor: { name: 'CreateMultipartUploadCommand' },
      input: { Key: 'lib/new.fits' },
    } as never);
    await client.send({
      constructor: { name: 'CreateMultipartUploadCommand' },
      input: { Key: 'other/x.fits' },
    } as never);
    client.uploads.forEach((u) => u.key === 'other/x.fits' && (u.initiated = new Date(0)));
    expect(await target.abortIncompleteUploads({ olderThanMs: 86_400_000 })).toBe(1);
    expect([...client.uploads.values()].map((u) => u.key).sort()).toEqual([
      'lib/new.fits',
      'other/x.fits',
    ]);
  });

  it('keeps stale uploads a recent checkpoint will continue, and drops week-old checkpoints', async () => {
    const { client, target } = await mockTarget();
    const day = 86_400_000;
    const now = Date.now();
    const ledger = memoryBackupLedger();
    const checkpoints = ledger.checkpoints('aws');
    const open = async (key: string, ageDays: number, checkpointed: boolean) => {
      const { UploadId } = (await client.send({
        constructor: { name: 'CreateMultipartUploadCommand' },
        input: { Key: `lib/${key}` },
      } as never)) as { UploadId: string };
      (client.uploads.get(UploadId) as { initiated: Date }).initiated = new Date(
        now - ageDays * day,
      );
      if (checkpointed)
        await checkpoints.start(key, {
          uploadId: UploadId,
          sha256: 'ab'.repeat(32),
          sizeBytes: 20 * MiB,
          mtimeMs: 0,
          partBytes: 5 * MiB,
          partChecksum: 'CRC32',
          startedAtMs: now - ageDays * day,
        });
    };
    await open('interrupted-last-night.fits', 1.5, true);
    await open('deleted-since.fits', 8, true);
    await open('unknown.fits', 2, false);
    const report = await runBackup({
      plan: await planBackup({ source: [], ledger, target: 'aws' }),
      target,
      ledger,
      abortStaleUploadsOlderThanMs: day,
      now: () => now,
    });
    expect(report.abortedStaleUploads).toBe(2);
    expect([...client.uploads.values()].map((u) => u.key)).toEqual([
      'lib/interrupted-last-night.fits',
    ]);
    expect((await checkpoints.list()).map((c) => c.key)).toEqual(['interrupted-last-night.fits']);
  });

  it('records version ids, and verify notices when the current version is not ours', async () => {
    const { client, target } = await mockTarget();
    client.versioning = 'Enabled';
    const { items, root } = await makeLibrary([{ relPath: 'r/a.fits', sizeBytes: 5000, seed: 7 }]);
    const ledger = memoryBackupLedger();
    await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'aws' }),
      target,
      ledger,
    });
    const record = await ledger.get('aws', 'r/a.fits');
    expect(record?.versionId).toMatch(/^[0-9a-f]{12}$/);
    expect((await verifyBackup({ target, ledger, kind: 'quick' })).counts.ok).toBe(1);
    const other = seededBytes(5000, 8);
    await target.put({
      key: 'r/a.fits',
      source: bufferSource(other),
      sha256: hashBytes(other).sha256,
      sizeBytes: 5000,
      mtimeMs: 1,
    });
    const report = await verifyBackup({ target, ledger, kind: 'quick' });
    expect(report.counts.mismatch).toBe(1);
    expect(report.results[0]?.problems.join()).toMatch(/version/);
    // Restore still fetches the recorded version, not the newer one.
    const restored = await restoreFiles({ target, ledger, destinationRoot: `${root}/out` });
    expect(restored.results[0]?.status).toBe('restored');
    expect(client.calls.filter((c) => c.command === 'GetObject').at(-1)?.input.VersionId).toBe(
      record?.versionId,
    );
  });

  it('starts retrieval of archived objects on restore and reports them pending', async () => {
    const { client, target } = await mockTarget();
    const { items, root } = await makeLibrary([
      { relPath: 'r/deep.fits', sizeBytes: 3000, seed: 11 },
    ]);
    const ledger = memoryBackupLedger();
    await runBackup({
      plan: await planBackup({ source: items, ledger, target: 'aws' }),
      target,
      ledger,
      storageClass: 'DEEP_ARCHIVE',
    });
    expect(client.calls.find((c) => c.command === 'PutObject')?.input.StorageClass).toBe(
      'DEEP_ARCHIVE',
    );
    const first = await restoreFiles({ target, ledger, destinationRoot: `${root}/out` });
    expect(first.results[0]).toMatchObject({ status: 'retrieval-started' });
    expect(client.calls.find((c) => c.command === 'RestoreObject')?.input).toMatchObject({
      RestoreRequest: { Days: 7, GlacierJobParameters: { Tier: 'Standard' } },
    });
    expect(
      (await restoreFiles({ target, ledger, destinationRoot: `${root}/out` })).results[0]?.status,
    ).toBe('pending-retrieval');
    expect((await verifyBackup({ target, ledger, kind: 'deep' })).counts.archived).toBe(1);
    client.objects.get('lib/r/deep.fits')![0]!.restore =
      'ongoing-request="false", expiry-date="Fri, 23 Dec 2026 00:00:00 GMT"';
    expect(
      (await restoreFiles({ target, ledger, destinationRoot: `${root}/out` })).results[0]?.status,
    ).toBe('restored');
  });
});

describe('lifecycle policy', () => {
  const config = {
    versioning: true,
    rules: [
      {
        id: 'lights',
        frameTypes: ['LIGHT'],
        transitions: [
          { afterDays: 30, storageClass: 'GLACIER' as const },
          { afterDays: 180, storageClass: 'DEEP_ARCHIVE' as const },
        ],
        expireNoncurrentAfterDays: 30,
        abortIncompleteMultipartAfterDays: 3,
      },
      {
        id: 'masters',
        prefix: 'masters/',
        transitions: [{ afterDays: 60, storageClass: 'GLACIER_IR' as const }],
      },
    ],
  };

  it('shows the exact rules it will send', () => {
    expect(buildLifecyclePolicy(config, { prefix: 'lib/' })).toEqual({
      versioning: { Status: 'Enabled' },
      lifecycle: {
        Rules: [
          {
            ID: 'astrocat-lights-light',
            Filter: { And: { Prefix: 'lib/', Tags: [{ Key: 'frameType', Value: 'LIGHT' }] } },
            Status: 'Enabled',
            Transitions: [
              { Days: 30, StorageClass: 'GLACIER' },
              { Days: 180, StorageClass: 'DEEP_ARCHIVE' },
            ],
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          },
          {
            ID: 'astrocat-lights-uploads',
            Filter: { Prefix: 'lib/' },
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
          },
          {
            ID: 'astrocat-masters',
            Filter: { Prefix: 'lib/masters/' },
            Status: 'Enabled',
            Transitions: [{ Days: 60, StorageClass: 'GLACIER_IR' }],
          },
        ],
      },
    });
  });

  it('rejects invalid config with a clear message', () => {
    expect(() =>
      buildLifecyclePolicy({
        rules: [{ id: 'x', transitions: [{ afterDays: 30, storageClass: 'COLD' as never }] }],
      }),
    ).toThrow(/rules\.0\.transitions\.0\.storageClass/);
    expect(() =>
      buildLifecyclePolicy({
        rules: [
          {
            id: 'x',
            transitions: [
              { afterDays: 90, storageClass: 'GLACIER' },
              { afterDays: 30, storageClass: 'DEEP_ARCHIVE' },
            ],
          },
        ],
      }),
    ).toThrow(/increasing/);
  });

  it('applies versioning then rules, keeping rules that are not ours', async () => {
    const client = new MockS3Client();
    client.lifecycleRules = [
      {
        ID: 'someone-else',
        Filter: { Prefix: 'logs/' },
        Status: 'Enabled',
        Expiration: { Days: 7 },
      },
      { ID: 'astrocat-stale', Status: 'Enabled' },
    ];
    const policy = buildLifecyclePolicy(config, { prefix: 'lib/' });
    const result = await applyLifecyclePolicy({ client, bucket: 'astro' }, policy);
    expect(result.keptForeignRules).toBe(1);
    expect(client.calls.map((c) => c.command)).toEqual([
      'GetBucketLifecycleConfiguration',
      'PutBucketVersioning',
      'PutBucketLifecycleConfiguration',
    ]);
    expect(client.versioning).toBe('Enabled');
    expect((client.lifecycleRules as { ID: string }[]).map((r) => r.ID)).toEqual([
      'someone-else',
      'astrocat-lights-light',
      'astrocat-lights-uploads',
      'astrocat-masters',
    ]);
  });
});
