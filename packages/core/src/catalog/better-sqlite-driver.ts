import type BetterSqlite3 from 'better-sqlite3';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { SqlDriver, SqlStatement, SqlValue } from './driver.js';

/**
 * Opens a SQLite file with better-sqlite3 (the native default driver). The module is imported
 * here, on first use, so importing `@astro/core` never loads a native addon.
 *
 * @example
 * ```ts
 * const driver = await openBetterSqlite('/data/catalog.sqlite', { readonly: true });
 * ```
 */
export async function openBetterSqlite(
  path: string,
  options: { readonly?: boolean } = {},
): Promise<SqlDriver> {
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `cannot load better-sqlite3: ${(cause as Error).message}`,
      { cause },
    );
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (cause) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `cannot open catalog ${path}: ${(cause as Error).message}`,
      { cause, details: { path } },
    );
  }
  return new BetterSqliteDriver(db);
}

class BetterSqliteDriver implements SqlDriver {
  readonly name = 'better-sqlite3';
  constructor(private readonly db: BetterSqlite3.Database) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    const statement = this.db.prepare(sql);
    // Statements that return no rows (INSERT without RETURNING) reject get/all; run works on all.
    return {
      run: (...params) => ({ changes: statement.run(...bindable(params)).changes }),
      get: <T>(...params: SqlValue[]) => statement.get(...bindable(params)) as T | undefined,
      all: <T>(...params: SqlValue[]) => statement.all(...bindable(params)) as T[],
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; convert only when one is present. */
function bindable(params: SqlValue[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      return params.map((p) =>
        p instanceof Uint8Array && !Buffer.isBuffer(p)
          ? Buffer.from(p.buffer, p.byteOffset, p.byteLength)
          : p,
      );
    }
  }
  return params;
}
