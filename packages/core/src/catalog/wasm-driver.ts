import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Database as WasmDatabase, Statement as WasmStatement } from 'node-sqlite3-wasm';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { SqlDriver, SqlStatement, SqlValue } from './driver.js';
import { CatalogLock, catalogLockPath } from './write-lock.js';

export interface WasmSqliteOptions {
  readonly?: boolean;
  /**
   * Where `node-sqlite3-wasm.wasm` is, when the module is bundled away from it (an Obsidian
   * plugin writes the embedded binary next to its main.js and passes that path).
   */
  wasmPath?: string;
  /**
   * Loads the module; a bundled host passes `() => import('node-sqlite3-wasm')` so its bundler
   * includes it. Default: Node's require, on first use (the module compiles its WebAssembly on load).
   */
  load?: () => WasmModule | Promise<WasmModule>;
}

export type WasmModule = typeof import('node-sqlite3-wasm');
let loaded: WasmModule | undefined;

async function loadModule(options: WasmSqliteOptions): Promise<WasmModule> {
  if (loaded) return loaded;
  const global = globalThis as { Module?: unknown };
  const previous = global.Module;
  // Emscripten reads a global `Module` for overrides; locateFile is the only hook this build honours.
  if (options.wasmPath) global.Module = { locateFile: () => options.wasmPath };
  try {
    const module = options.load
      ? await options.load()
      : (createRequire(import.meta.url)('node-sqlite3-wasm') as WasmModule);
    // A CommonJS module imported as ESM arrives wrapped in `default`.
    const wrapped = (module as WasmModule & { default?: WasmModule }).default;
    loaded = wrapped?.Database ? wrapped : module;
  } finally {
    if (options.wasmPath) global.Module = previous;
  }
  return loaded;
}

/**
 * Opens a SQLite file with node-sqlite3-wasm: SQLite compiled to WebAssembly, so it runs in any
 * host (Obsidian's Electron, VS Code) without a native module. Its VFS has no shared memory, so
 * it cannot read a catalog in WAL mode: such a catalog is refused with CATALOG_ERROR (open it
 * once with the CLI, which keeps shared catalogs in rollback-journal mode). Its file locking is a
 * `.lock` folder that native SQLite ignores: wrap the driver with `withCatalogLock` whenever
 * another process may use the file.
 *
 * @example
 * ```ts
 * const driver = await openWasmSqlite('/data/catalog.sqlite');
 * const catalog = await Catalog.open({ path: '/data/catalog.sqlite', driver });
 * ```
 */
export async function openWasmSqlite(
  path: string,
  options: WasmSqliteOptions = {},
): Promise<SqlDriver> {
  let module: WasmModule;
  try {
    module = await loadModule(options);
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `cannot load node-sqlite3-wasm: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (existsSync(`${path}-wal`)) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `catalog ${path} is open in WAL mode; the WebAssembly driver needs rollback-journal mode`,
      { details: { path } },
    );
  }
  let db: WasmDatabase;
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new module.Database(path, {
      readOnly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `cannot open catalog ${path}: ${(cause as Error).message}`,
      { cause, details: { path } },
    );
  }
  const driver = new WasmSqliteDriver(db);
  try {
    // Reading the journal mode reads the file: under the catalog lock, or another driver's
    // half-written transaction looks like a malformed database.
    const mode = new CatalogLock(catalogLockPath(path)).withLockSync(
      () => driver.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode,
    );
    if (mode === 'wal') throw new Error('the file is in WAL mode');
  } catch (cause) {
    driver.close();
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `cannot use catalog ${path} with the WebAssembly driver: ${(cause as Error).message}`,
      { cause, details: { path } },
    );
  }
  return driver;
}

class WasmSqliteDriver implements SqlDriver {
  readonly name = 'node-sqlite3-wasm';
  // Statements must be finalized by hand; cache by SQL so re-preparing does not leak.
  private readonly statements = new Map<string, WasmStatement>();
  private depth = 0;

  constructor(private readonly db: WasmDatabase) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    const st = statement as WasmStatement & { _reset?: () => boolean };
    // A stepped-but-unreset statement keeps its read lock (and the VFS's `.lock` folder) and blocks
    // COMMIT, so every call resets it; the module exposes reset only as `_reset`.
    const call = <R>(fn: () => R): R => {
      try {
        return fn();
      } finally {
        st._reset?.();
      }
    };
    return {
      run: (...params) => call(() => ({ changes: st.run(params as SqlValue[]).changes })),
      get: <T>(...params: SqlValue[]) => call(() => (st.get(params) ?? undefined) as T | undefined),
      all: <T>(...params: SqlValue[]) => call(() => st.all(params) as T[]),
    };
  }

  transaction<T>(fn: () => T): T {
    const outer = this.depth === 0;
    const savepoint = `sp${this.depth}`;
    this.db.exec(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.depth--;
      if (!outer) this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      else if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    this.depth--;
    this.db.exec(outer ? 'COMMIT' : `RELEASE ${savepoint}`);
    return result;
  }

  close(): void {
    for (const statement of this.statements.values())
      if (!statement.isFinalized) statement.finalize();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
