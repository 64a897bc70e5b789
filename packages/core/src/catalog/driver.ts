/** A value SQLite stores: TEXT, INTEGER/REAL, BLOB or NULL. Booleans are stored as 0/1 by callers. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A prepared statement; prepare once, run many times. Parameters are positional (`?`). */
export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number };
  get<T = Record<string, unknown>>(...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(...params: SqlValue[]): T[];
}

/**
 * The catalog's only view of SQLite: synchronous, statement shaped, small enough for a native
 * driver (better-sqlite3) and a WebAssembly one to implement alike.
 *
 * @example
 * ```ts
 * const driver = await openBetterSqlite('/tmp/catalog.sqlite');
 * const count = driver.prepare('SELECT count(*) AS n FROM frames').get<{ n: number }>()?.n;
 * ```
 */
export interface SqlDriver {
  /** Driver name for diagnostics, e.g. `better-sqlite3`. */
  readonly name: string;
  /** Runs one or more statements without parameters (schema, pragmas). */
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  /** Runs `fn` in a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}
