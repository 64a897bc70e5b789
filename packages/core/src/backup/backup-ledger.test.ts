import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryBackupLedger, type BackupLedger, type BackupRecord } from './backup-ledger.js';
import { applyMigrations, MIGRATIONS, openBetterSqlite } from '../catalog/index.js';
import { backupLedgerMigration } from './schema.js';
import { openBackupLedger, sqlBackupLedger } from './sql-backup-ledger.js';

const record: BackupRecord = {
  target: 'cloud',
  key: 'rig/M31/a.fits',
  relPath: 'rig/M31/a.fits',
  localPath: '/lib/rig/M31/a.fits',
  sha256: 'ab'.repeat(32),
  sizeBytes: 123_456_789_012,
  localMtimeMs: 1_728_000_000_123,
  versionId: 'v1',
  etag: 'e'.repeat(32) + '-4',
  partCount: 4,
  storageClass: 'STANDARD',
  uploadedAtMs: 1_728_000_100_000,
  verifiedAtMs: null,
  verifyKind: null,
  verifyStatus: null,
  rig: 'rig',
  astroTarget: 'M31',
  frameType: 'LIGHT',
  night: '2024-10-05',
};

async function contract(ledger: BackupLedger) {
  await ledger.record(record);
  await ledger.record({ ...record, target: 'nas', versionId: null });
  expect(await ledger.get('cloud', record.key)).toEqual(record);
  expect(await ledger.get('cloud', 'nope')).toBeNull();
  await ledger.markVerified('cloud', record.key, { kind: 'deep', status: 'ok', atMs: 42 });
  expect(await ledger.get('cloud', record.key)).toMatchObject({
    verifiedAtMs: 42,
    verifyKind: 'deep',
    verifyStatus: 'ok',
  });
  expect((await ledger.get('nas', record.key))?.verifyStatus).toBeNull();
  expect((await ledger.list()).map((r) => r.target)).toEqual(['cloud', 'nas']);
  await ledger.record({ ...record, sha256: 'cd'.repeat(32) });
  expect((await ledger.list('cloud'))[0]?.sha256).toBe('cd'.repeat(32));
  await ledger.remove('cloud', record.key);
  expect(await ledger.list('cloud')).toEqual([]);

  const cloud = ledger.checkpoints('cloud');
  expect(await cloud.load('big.fits')).toBeNull();
  const started = {
    uploadId: 'u1',
    sha256: 'ab'.repeat(32),
    sizeBytes: 50_000_000,
    mtimeMs: 1_728_000_000_123,
    partBytes: 16 * 1024 * 1024,
    partChecksum: 'CRC32' as const,
    startedAtMs: 7,
  };
  await cloud.start('big.fits', started);
  await cloud.partSent('big.fits', 'u1', { partNumber: 2, etag: '"e2"', checksum: 'c2' });
  await cloud.partSent('big.fits', 'u1', { partNumber: 1, etag: '"e1"', checksum: 'c1' });
  // A part sent again replaces the first acknowledgement.
  await cloud.partSent('big.fits', 'u1', { partNumber: 2, etag: '"e2b"', checksum: 'c2b' });
  expect(await cloud.load('big.fits')).toEqual({
    ...started,
    parts: [
      { partNumber: 1, etag: '"e1"', checksum: 'c1' },
      { partNumber: 2, etag: '"e2b"', checksum: 'c2b' },
    ],
  });
  expect(await ledger.checkpoints('nas').load('big.fits')).toBeNull();
  expect(await cloud.list()).toEqual([{ key: 'big.fits', uploadId: 'u1', startedAtMs: 7 }]);
  expect(await ledger.checkpoints('nas').list()).toEqual([]);
  // A new upload of the key starts with no parts.
  await cloud.start('big.fits', { ...started, uploadId: 'u2' });
  expect(await cloud.load('big.fits')).toEqual({ ...started, uploadId: 'u2', parts: [] });
  await cloud.clear('big.fits');
  expect(await cloud.load('big.fits')).toBeNull();
  expect(await cloud.list()).toEqual([]);
}

describe('backup ledger', () => {
  it('memory ledger keeps the contract', () => contract(memoryBackupLedger()));

  it('SQL ledger keeps the contract on better-sqlite3, with its migration', async () => {
    const driver = await openBetterSqlite(
      join(await mkdtemp(join(tmpdir(), 'astrocat-ledger-')), 'catalog.sqlite'),
    );
    const withLedger = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, ...backupLedgerMigration },
    ];
    expect(applyMigrations(driver, withLedger)).toContain(MIGRATIONS.length + 1);
    await contract(sqlBackupLedger(driver));
    await contract(openBackupLedger(driver));
    driver.close();
  });
});
