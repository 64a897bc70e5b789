import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openBetterSqlite } from '../catalog/index.js';
import { memoryBackupLedger, type BackupLedger } from './backup-ledger.js';
import { planBackup } from './plan-backup.js';
import { restoreFiles } from './restore-files.js';
import { runBackup, type BackupReport } from './run-backup.js';
import { openS3Target, type S3StorageTarget } from './s3-target.js';
import { openBackupLedger } from './sql-backup-ledger.js';
import type { BackupChildArgs } from './testing/backup-until-killed.js';
import type { ProxiedRequest } from './testing/fault-proxy.js';
import { itemFor, makeLibrary, seededBytes } from './testing/make-library.js';
import { useS3BehindFaultProxy } from './testing/s3-behind-proxy.js';
import type { BackupItem } from './backup-item.js';
import type { UploadCheckpoint } from './upload-checkpoints.js';
import { verifyBackup } from './verify-backup.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
// Five parts: 5 + 5 + 5 + 5 + 3 MiB.
const SIZE = 23 * MiB;
const childScript = fileURLToPath(new URL('./testing/backup-until-killed.ts', import.meta.url));

const partOf = (url: string): number | null => {
  const match = /[?&]partNumber=(\d+)/.exec(url);
  return match ? Number(match[1]) : null;
};
const uploadIdOf = (url: string): string | null => /[?&]uploadId=([^&]+)/.exec(url)?.[1] ?? null;
const isCreate = (r: ProxiedRequest) => r.method === 'POST' && /[?&]uploads\b/.test(r.url);

describe('interrupted uploads and restores continue where they stopped (s3rver behind a fault proxy)', () => {
  const servers = useS3BehindFaultProxy();
  let prefixCounter = 0;

  async function setUp(): Promise<{
    target: S3StorageTarget;
    prefix: string;
    root: string;
    item: BackupItem;
  }> {
    const prefix = `resume${prefixCounter++}`;
    const target = await openS3Target({
      name: 'cloud',
      bucket: servers.s3.bucket,
      prefix,
      endpoint: servers.proxy.endpoint,
      partSizeBytes: PART,
      maxAttempts: 1,
    });
    const { root, items } = await makeLibrary([
      { relPath: 'rig/masters/flat.xisf', sizeBytes: SIZE, seed: 9 },
    ]);
    return { target, prefix, root, item: items[0] as BackupItem };
  }

  async function backUp(
    target: S3StorageTarget,
    ledger: BackupLedger,
    item: BackupItem,
    attempts: number,
  ): Promise<BackupReport> {
    const plan = await planBackup({ source: [item], ledger, target: 'cloud' });
    return runBackup({ plan, target, ledger, retry: { attempts, baseDelayMs: 5 } });
  }

  /** The proxy log from `from` on: part requests passed through, by part number. */
  function passedParts(from: number): number[] {
    return servers.proxy.log
      .slice(from)
      .filter((r) => r.method === 'PUT' && r.action === 'pass' && partOf(r.url) !== null)
      .map((r) => partOf(r.url) as number)
      .sort((a, b) => a - b);
  }

  /** A run that fails (one attempt) when part 3 is cut off; returns what it left recorded. */
  async function failAtPartThree(
    target: S3StorageTarget,
    ledger: BackupLedger,
    item: BackupItem,
  ): Promise<UploadCheckpoint | null> {
    servers.proxy.setRule(({ method, url }) =>
      method === 'PUT' && partOf(url) === 3 ? 'drop-mid-body' : 'pass',
    );
    expect((await backUp(target, ledger, item, 1)).failed).toBe(1);
    return ledger.checkpoints('cloud').load(item.relPath);
  }

  async function expectIntact(target: S3StorageTarget, ledger: BackupLedger): Promise<void> {
    const deep = await verifyBackup({ target, ledger, kind: 'deep' });
    expect(deep.counts).toMatchObject({ ok: 1, mismatch: 0, missing: 0 });
    expect(await ledger.checkpoints('cloud').load('rig/masters/flat.xisf')).toBeNull();
  }

  it('a retry sends only the parts the server has not acknowledged', async () => {
    const { target, item } = await setUp();
    let dropped = false;
    servers.proxy.setRule(({ method, url }) => {
      if (method !== 'PUT' || partOf(url) !== 3 || dropped) return 'pass';
      dropped = true;
      return 'drop-mid-body';
    });
    const from = servers.proxy.log.length;
    const ledger = memoryBackupLedger();
    const report = await backUp(target, ledger, item, 3);
    expect(report.failed).toBe(0);
    expect(report.outcomes[0]?.attempts).toBe(2);
    expect(report.bytesResumed).toBeGreaterThanOrEqual(2 * PART);
    // One upload for both attempts, and every part through exactly once.
    expect(servers.proxy.log.slice(from).filter(isCreate)).toHaveLength(1);
    expect(passedParts(from)).toEqual([1, 2, 3, 4, 5]);
    await expectIntact(target, ledger);
  });

  it('after a kill, the next run continues the upload from the catalog', async () => {
    const { target, prefix, root, item } = await setUp();
    const catalogPath = join(await mkdtemp(join(tmpdir(), 'astrocat-resume-')), 'catalog.sqlite');
    // Part 4 never gets an answer; the others do. The child is killed once they are recorded.
    servers.proxy.setRule(({ method, url }) =>
      method === 'PUT' && partOf(url) === 4 ? 'hang' : 'pass',
    );
    const from = servers.proxy.log.length;
    const args: BackupChildArgs = {
      catalogPath,
      endpoint: servers.proxy.endpoint,
      bucket: servers.s3.bucket,
      prefix,
      root,
      relPath: item.relPath,
      partSizeBytes: PART,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(args)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const recordedParts = async (): Promise<number[]> => {
      try {
        const driver = await openBetterSqlite(catalogPath, { readonly: true });
        try {
          const found = await openBackupLedger(driver).checkpoints('cloud').load(item.relPath);
          return found?.parts.map((part) => part.partNumber) ?? [];
        } finally {
          driver.close();
        }
      } catch {
        return []; // not created yet, or busy
      }
    };
    let parts: number[] = [];
    for (let waited = 0; waited < 30_000 && parts.length < 4; waited += 50) {
      if (child.exitCode !== null) throw new Error(`backup child exited early: ${stderr}`);
      await sleep(50);
      parts = await recordedParts();
    }
    expect(parts).toEqual([1, 2, 3, 5]);
    child.kill('SIGKILL');
    await exited;

    servers.proxy.setRule(() => 'pass');
    const resumedFrom = servers.proxy.log.length;
    const driver = await openBetterSqlite(catalogPath);
    try {
      const ledger = openBackupLedger(driver);
      const report = await backUp(target, ledger, await itemFor(root, item.relPath), 1);
      expect(report.failed).toBe(0);
      expect(servers.proxy.log.slice(resumedFrom).filter(isCreate)).toEqual([]);
      expect(passedParts(resumedFrom)).toEqual([4]);
      expect(report.bytesResumed).toBe(SIZE - PART);
      expect(servers.proxy.log.slice(from).filter(isCreate)).toHaveLength(1);
      await expectIntact(target, ledger);
    } finally {
      driver.close();
    }
  }, 60_000);

  it('starts afresh when the file changed since the interrupted upload', async () => {
    const { target, root, item } = await setUp();
    const ledger = memoryBackupLedger();
    const stale = await failAtPartThree(target, ledger, item);
    expect(stale?.parts.length).toBeGreaterThan(0);

    // Same size, other bytes (a master rebuilt from the same frames with new settings).
    await writeFile(item.path, seededBytes(SIZE, 10));
    servers.proxy.setRule(() => 'pass');
    const from = servers.proxy.log.length;
    const report = await backUp(target, ledger, await itemFor(root, item.relPath), 1);
    expect(report.failed).toBe(0);
    expect(servers.proxy.log.slice(from).filter(isCreate)).toHaveLength(1);
    expect(passedParts(from)).toEqual([1, 2, 3, 4, 5]);
    // The useless upload is aborted.
    expect(
      servers.proxy.log
        .slice(from)
        .some((r) => r.method === 'DELETE' && uploadIdOf(r.url) === stale?.uploadId),
    ).toBe(true);
    await expectIntact(target, ledger);
  });

  it('starts afresh when only the mtime changed, so the metadata restore uses is right', async () => {
    const { target, root, item } = await setUp();
    const ledger = memoryBackupLedger();
    expect(await failAtPartThree(target, ledger, item)).not.toBeNull();
    const touched = new Date('2024-10-06T08:00:00Z');
    await utimes(item.path, touched, touched);
    servers.proxy.setRule(() => 'pass');
    const from = servers.proxy.log.length;
    expect((await backUp(target, ledger, await itemFor(root, item.relPath), 1)).failed).toBe(0);
    expect(servers.proxy.log.slice(from).filter(isCreate)).toHaveLength(1);
    expect(passedParts(from)).toEqual([1, 2, 3, 4, 5]);
    expect((await target.head(item.relPath))?.facts.mtimeMs).toBe(touched.getTime());
    await expectIntact(target, ledger);
  });

  it('starts afresh when the server no longer has the upload', async () => {
    const { target, root, item } = await setUp();
    const ledger = memoryBackupLedger();
    const stale = await failAtPartThree(target, ledger, item);
    expect(stale).not.toBeNull();

    // As if a lifecycle rule or `abortIncompleteUploads` had removed it meanwhile.
    servers.proxy.setRule(({ url }) =>
      uploadIdOf(url) === stale?.uploadId ? 'no-such-upload' : 'pass',
    );
    const from = servers.proxy.log.length;
    const report = await backUp(target, ledger, await itemFor(root, item.relPath), 1);
    expect(report.failed).toBe(0);
    expect(servers.proxy.log.slice(from).some((r) => r.action === 'no-such-upload')).toBe(true);
    expect(servers.proxy.log.slice(from).filter(isCreate)).toHaveLength(1);
    expect(passedParts(from)).toEqual([1, 2, 3, 4, 5]);
    await expectIntact(target, ledger);
  });

  /** A library file backed up intact, and a folder to restore it into. */
  async function backedUp() {
    const { target, item } = await setUp();
    const ledger = memoryBackupLedger();
    expect((await backUp(target, ledger, item, 1)).failed).toBe(0);
    const into = await mkdtemp(join(tmpdir(), 'astrocat-restore-'));
    const destination = join(into, ...item.relPath.split('/'));
    const partial = `${destination}.astrocat-partial-${(await ledger.list())[0]!.sha256.slice(0, 16)}`;
    const objectGets = (from: number) =>
      servers.proxy.log
        .slice(from)
        .filter((r) => r.method === 'GET' && r.url.includes('flat.xisf'));
    const restore = (attempts: number) =>
      restoreFiles({ target, ledger, destinationRoot: into, retry: { attempts, baseDelayMs: 5 } });
    return { item, destination, partial, objectGets, restore };
  }

  const sha256Of = async (path: string) =>
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex');

  it('a restore cut off mid-download continues with a ranged GET', async () => {
    const { item, destination, partial, objectGets, restore } = await backedUp();
    let cut = false;
    servers.proxy.setRule(({ method, url }) => {
      if (method !== 'GET' || !url.includes('flat.xisf') || cut) return 'pass';
      cut = true;
      return 'drop-mid-response';
    });
    const from = servers.proxy.log.length;
    const report = await restore(3);
    expect(report.results.map((r) => r.status)).toEqual(['restored']);
    const gets = objectGets(from);
    expect(gets).toHaveLength(2);
    expect(gets[0]?.headers.range).toBeUndefined();
    const start = Number(/^bytes=(\d+)-(\d+)$/.exec(String(gets[1]?.headers.range))?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(SIZE);
    expect(await sha256Of(destination)).toBe(await sha256Of(item.path));
    expect(await stat(partial).catch(() => null)).toBeNull();
  });

  it('a restore that gives up keeps what arrived, and the next run fetches only the rest', async () => {
    const { item, destination, partial, objectGets, restore } = await backedUp();
    servers.proxy.setRule(({ method, url }) =>
      method === 'GET' && url.includes('flat.xisf') ? 'drop-mid-response' : 'pass',
    );
    const failed = (await restore(1)).results;
    expect(failed.map((r) => r.status)).toEqual(['error']);
    const kept = (await stat(partial)).size;
    expect(failed[0]?.detail).toContain(`${kept} of ${SIZE} bytes kept in ${partial}`);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(SIZE);
    expect(await stat(destination).catch(() => null)).toBeNull();

    servers.proxy.setRule(() => 'pass');
    const from = servers.proxy.log.length;
    expect((await restore(1)).results.map((r) => r.status)).toEqual(['restored']);
    expect(objectGets(from).map((r) => r.headers.range)).toEqual([`bytes=${kept}-${SIZE - 1}`]);
    expect(await sha256Of(destination)).toBe(await sha256Of(item.path));
    expect(await stat(partial).catch(() => null)).toBeNull();
  });

  it('a damaged partial download fails the hash, is thrown away, and the next run starts over', async () => {
    const { item, destination, partial, restore } = await backedUp();
    await mkdir(dirname(partial), { recursive: true });
    await writeFile(partial, seededBytes(3 * MiB, 77));
    expect((await restore(1)).results.map((r) => r.status)).toEqual(['corrupt']);
    expect(await stat(partial).catch(() => null)).toBeNull();
    expect(await stat(destination).catch(() => null)).toBeNull();
    expect((await restore(1)).results.map((r) => r.status)).toEqual(['restored']);
    expect(await sha256Of(destination)).toBe(await sha256Of(item.path));
  });
});
