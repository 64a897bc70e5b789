import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { SqlDriver, SqlStatement, SqlValue } from './driver.js';

export interface CatalogLockOptions {
  /** Give up waiting after this long; default 60 s. */
  timeoutMs?: number;
  /** A lock whose owner has not refreshed it for this long is stale even if its process lives; default 120 s. */
  staleMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  acquiredAtMs: number;
}

/** Holds per process, so every Catalog/driver in one process on one file shares one re-entrant hold. */
const held = new Map<string, { depth: number; token: string }>();

function sleepSync(ms: number): void {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // Browser main threads (Electron renderers) forbid Atomics.wait: spin instead.
    const until = Date.now() + ms;
    while (Date.now() < until);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file for a catalog file: `<catalog>.astrocat-lock`. */
export function catalogLockPath(catalogPath: string): string {
  return `${catalogPath}.astrocat-lock`;
}

/**
 * A cross-process lock around catalog access that every SQLite driver honours. SQLite's own
 * locks cannot coordinate better-sqlite3 (POSIX locks) with node-sqlite3-wasm (a `.lock` folder):
 * each would take the other's in-flight journal for a hot one and roll it back. So core takes
 * this lock, a file created exclusively (O_EXCL) holding the owner's PID, host and time, around every
 * transaction and every statement outside one. A lock whose owner process died (same host) or
 * that is older than `staleMs` is broken, under a second "break" lock so only one waiter does it.
 *
 * @example
 * ```ts
 * const lock = new CatalogLock(catalogLockPath('/data/catalog.sqlite'));
 * lock.withLockSync(() => driver.transaction(() => insertFrames()));
 * ```
 */
export class CatalogLock {
  private readonly timeoutMs: number;
  private readonly staleMs: number;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    options: CatalogLockOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.staleMs = options.staleMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  /** True while this process holds the lock. */
  get isHeld(): boolean {
    return held.has(this.path);
  }

  /** Blocks until the lock is held (re-entrant within the process). */
  acquireSync(): void {
    const mine = held.get(this.path);
    if (mine) {
      mine.depth++;
      return;
    }
    const deadline = Date.now() + this.timeoutMs;
    let waitMs = 1;
    for (;;) {
      const token = this.tryCreate();
      if (token) {
        held.set(this.path, { depth: 1, token });
        return;
      }
      this.breakIfStale();
      if (Date.now() > deadline) {
        throw new AstroError(
          ErrorCode.CATALOG_ERROR,
          `catalog is locked by another process (${this.path}); gave up after ${this.timeoutMs} ms`,
          {
            details: { lockPath: this.path, owner: this.readOwner() },
          },
        );
      }
      sleepSync(waitMs);
      waitMs = Math.min(8, waitMs * 2);
    }
  }

  release(): void {
    const mine = held.get(this.path);
    if (!mine) return;
    if (--mine.depth > 0) return;
    held.delete(this.path);
    // Only remove the file if it is still ours (a stale-breaker may have taken it over).
    if (this.readOwner()?.token === mine.token) rmSync(this.path, { force: true });
  }

  withLockSync<T>(fn: () => T): T {
    this.acquireSync();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  private tryCreate(): string | null {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      token: `${process.pid}-${Math.random().toString(36).slice(2)}`,
      acquiredAtMs: this.now(),
    };
    // An exclusive create is atomic and ~20x cheaper than mkdir/rmdir here (the transaction rate depends on it).
    if (!createExclusive(this.path, JSON.stringify(owner))) return null;
    return owner.token;
  }

  private readOwner(): LockOwner | null {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as LockOwner;
    } catch {
      return null;
    }
  }

  private isStale(owner: LockOwner | null): boolean {
    if (owner === null) {
      // Created but not written yet (or unreadable): only stale if the file is old (its creator died in between).
      try {
        return this.now() - statSync(this.path).mtimeMs > 5_000;
      } catch {
        return false;
      }
    }
    if (owner.host === hostname() && !processAlive(owner.pid)) return true;
    return this.now() - owner.acquiredAtMs > this.staleMs;
  }

  private breakIfStale(): void {
    const owner = this.readOwner();
    if (!this.isStale(owner)) return;
    const breaker = `${this.path}.break`;
    if (!createExclusive(breaker, String(process.pid))) {
      try {
        if (this.now() - statSync(breaker).mtimeMs > 10_000) rmSync(breaker, { force: true });
      } catch {
        // Someone else finished breaking it.
      }
      return;
    }
    try {
      const again = this.readOwner();
      if ((again?.token ?? null) === (owner?.token ?? null) && this.isStale(again)) {
        const grave = `${this.path}.stale-${process.pid}-${this.now()}`;
        renameSync(this.path, grave);
        rmSync(grave, { force: true });
      }
    } catch {
      // The holder released it meanwhile; the next attempt will tell.
    } finally {
      rmSync(breaker, { force: true });
    }
  }
}

function createExclusive(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AstroError(
      ErrorCode.IO_ERROR,
      `cannot create catalog lock ${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/**
 * Wraps a driver so every transaction, and every statement or exec outside a transaction, runs
 * under the catalog lock. Statements inside a transaction run under the transaction's hold.
 *
 * @example
 * ```ts
 * const driver = withCatalogLock(await openWasmSqlite(path), new CatalogLock(catalogLockPath(path)));
 * ```
 */
export function withCatalogLock(inner: SqlDriver, lock: CatalogLock): SqlDriver {
  const locked = <T>(fn: () => T): T => lock.withLockSync(fn);
  return {
    name: inner.name,
    exec: (sql) => locked(() => inner.exec(sql)),
    prepare(sql): SqlStatement {
      const statement = locked(() => inner.prepare(sql));
      return {
        run: (...params) => locked(() => statement.run(...params)),
        get: <T>(...params: SqlValue[]) => locked(() => statement.get<T>(...params)),
        all: <T>(...params: SqlValue[]) => locked(() => statement.all<T>(...params)),
      };
    },
    transaction: (fn) => locked(() => inner.transaction(fn)),
    close: () => inner.close(),
  };
}
