import type { SqlDriver } from './driver.js';
import type { Migration } from './migrations.js';

/**
 * Bulk loads without the frames' secondary indexes.
 *
 * Every secondary index on `frames` takes one insert at a scattered key per new frame: with all of
 * them a row costs ~36 µs, without them ~8 µs, and building them afterwards over the whole table
 * ~4 µs a row. So a scan that adds many frames drops them and builds them once at the end.
 *
 * Their definitions are read from the schema, not repeated here, and saved in
 * `deferred_indexes` in the same transaction that drops them: a load killed midway leaves the
 * definitions behind, and the next {@link restoreDeferredIndexes} (run on every open) puts the
 * indexes back. The path's uniqueness constraint is never dropped, so no load can duplicate a
 * frame, and queries stay correct (only slower) while indexes are away.
 */
export const deferredIndexesMigration: Omit<Migration, 'version'> = {
  name: 'deferred frame indexes',
  up: (driver) =>
    driver.exec('CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)'),
};

/** Drops the frames' secondary indexes, remembering them; returns how many were dropped. */
export function deferFrameIndexes(driver: SqlDriver): number {
  return driver.transaction(() => {
    const indexes = driver
      .prepare(
        // Constraint indexes (the path's UNIQUE) have no sql and cannot be dropped anyway.
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames' AND sql IS NOT NULL",
      )
      .all<{ name: string; sql: string }>();
    const remember = driver.prepare(
      'INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)',
    );
    for (const { name, sql } of indexes) {
      remember.run(name, sql);
      driver.exec(`DROP INDEX ${quoteIdentifier(name)}`);
    }
    return indexes.length;
  });
}

/** Builds every index a bulk load deferred (one that exists already is left alone); returns how many. */
export function restoreDeferredIndexes(driver: SqlDriver): number {
  // A catalog built by custom migrations (tests) may not have the table.
  const hasTable = driver
    .prepare(
      "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes'",
    )
    .get();
  if (!hasTable) return 0;
  const pending = driver
    .prepare('SELECT name, sql FROM deferred_indexes ORDER BY name')
    .all<{ name: string; sql: string }>();
  if (pending.length === 0) return 0;
  return driver.transaction(() => {
    const exists = driver.prepare(
      "SELECT 1 AS found FROM sqlite_master WHERE type = 'index' AND name = ?",
    );
    const forget = driver.prepare('DELETE FROM deferred_indexes WHERE name = ?');
    for (const { name, sql } of pending) {
      if (!exists.get(name)) driver.exec(sql);
      forget.run(name);
    }
    return pending.length;
  });
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
