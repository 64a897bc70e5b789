import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { openBetterSqlite } from './better-sqlite-driver.js';
import { Catalog } from './catalog.js';
import type { SqlDriver } from './driver.js';
import { CatalogLock, catalogLockPath, withCatalogLock } from './write-lock.js';

const run = promisify(execFile);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeOwner(lockPath: string, owner: Record<string, unknown>): void {
  writeFileSync(lockPath, JSON.stringify(owner));
}

describe('CatalogLock', () => {
  it('is exclusive, re-entrant within a process and removed on release', () => {
    const path = join(dir, 'c.sqlite.astrocat-lock');
    const a = new CatalogLock(path);
    const b = new CatalogLock(path, { timeoutMs: 50 });
    a.acquireSync();
    b.acquireSync(); // same process: shares the hold
    expect(existsSync(path)).toBe(true);
    b.release();
    expect(existsSync(path)).toBe(true);
    a.release();
    expect(existsSync(path)).toBe(false);
    expect(a.withLockSync(() => 42)).toBe(42);
    expect(a.isHeld).toBe(false);
  });

  it('waits for a live owner and times out with CATALOG_ERROR', () => {
    const path = join(dir, 'live.astrocat-lock');
    fakeOwner(path, { pid: process.ppid, host: hostname(), token: 't', acquiredAtMs: Date.now() });
    const started = Date.now();
    let error: unknown;
    try {
      new CatalogLock(path, { timeoutMs: 150 }).acquireSync();
    } catch (e) {
      error = e;
    }
    expect(isAstroError(error, 'CATALOG_ERROR')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(existsSync(path)).toBe(true);
  });

  it('breaks a lock whose owner process is gone', () => {
    const path = join(dir, 'dead.astrocat-lock');
    fakeOwner(path, {
      pid: 2 ** 22 + 12345,
      host: hostname(),
      token: 'dead',
      acquiredAtMs: Date.now(),
    });
    const lock = new CatalogLock(path, { timeoutMs: 2000 });
    lock.withLockSync(() =>
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid }),
    );
    expect(existsSync(path)).toBe(false);
  });

  it('breaks a lock older than staleMs even from another host', () => {
    const path = join(dir, 'old.astrocat-lock');
    fakeOwner(path, { pid: 1, host: 'elsewhere', token: 'old', acquiredAtMs: Date.now() - 10_000 });
    new CatalogLock(path, { staleMs: 5_000, timeoutMs: 2000 }).withLockSync(() => undefined);
    expect(existsSync(path)).toBe(false);
  });

  it('wraps a driver so statements and transactions run under the lock', async () => {
    const path = join(dir, 'w.sqlite');
    const lock = new CatalogLock(catalogLockPath(path));
    const seen: boolean[] = [];
    const driver: SqlDriver = withCatalogLock(await openBetterSqlite(path), lock);
    driver.exec('CREATE TABLE t (v)');
    const insert = driver.prepare('INSERT INTO t VALUES (?)');
    driver.transaction(() => {
      seen.push(lock.isHeld);
      insert.run(1);
    });
    insert.run(2);
    seen.push(lock.isHeld);
    expect(seen).toEqual([true, false]);
    expect(driver.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    driver.close();
  });
});

describe('two drivers, two processes, one catalog', () => {
  it('loses no write and keeps the file intact when better-sqlite3 and WASM each write 1,000 changes at once', async () => {
    const path = join(dir, 'shared.sqlite');
    const setup = await Catalog.open({ path, journalMode: 'delete' });
    setup.close();
    const worker = fileURLToPath(new URL('./lock-stress-worker.ts', import.meta.url));
    const spawn = (kind: string, tag: string): Promise<{ stdout: string }> =>
      run(process.execPath, ['--import', 'tsx', worker, kind, path, '1000', tag], {
        cwd: process.cwd(),
        timeout: 240_000,
      });
    const started = Date.now();
    const [native, wasm] = await Promise.all([spawn('better', 'cli'), spawn('wasm', 'host')]);
    const elapsedMs = Date.now() - started;
    expect(native.stdout).toContain('cli wrote 1000');
    expect(wasm.stdout).toContain('host wrote 1000');
    const check = await openBetterSqlite(path);
    expect(check.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    const counts = check
      .prepare('SELECT target, count(*) AS n FROM frames GROUP BY target ORDER BY target')
      .all();
    expect(counts).toEqual([
      { target: 'cli', n: 1000 },
      { target: 'host', n: 1000 },
    ]);
    check.close();
    expect(existsSync(catalogLockPath(path))).toBe(false);
    console.info(`[write-lock] 2 x 1000 concurrent single-frame transactions in ${elapsedMs} ms`);
  }, 300_000);
});
