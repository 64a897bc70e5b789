import { AstroError, ErrorCode } from '../errors/index.js';
import type { SqlDriver } from './driver.js';
import { schemaV1 } from './schema-v1.js';
import { backupLedgerMigration, uploadCheckpointsMigration } from '../backup/schema.js';
import { calibrationMigration } from '../calibration/schema.js';
import { deferredIndexesMigration } from './deferred-indexes.js';
import { agentRunVersionsMigration } from './agent-runs.js';

/**
 * One schema step. `up` runs inside a transaction together with the `user_version` bump, so a
 * catalog is always at exactly one version. Other areas export their own and the list grows.
 *
 * @example
 * ```ts
 * export const journalTables: Migration = { version: 2, name: 'workflow journal', up: (d) => d.exec('CREATE TABLE ...') };
 * ```
 */
export interface Migration {
  version: number;
  name: string;
  up(driver: SqlDriver): void;
}

/** Every migration, in order. Append only; never edit one that has shipped. */
// Other areas own their tables; the catalog owns the order (and so the version numbers).
export const MIGRATIONS: readonly Migration[] = [
  schemaV1,
  { version: 2, ...backupLedgerMigration },
  { version: 3, ...calibrationMigration },
  { version: 4, ...deferredIndexesMigration },
  { version: 5, ...uploadCheckpointsMigration },
  { version: 6, ...agentRunVersionsMigration },
];

/** Reads `PRAGMA user_version`: 0 for a fresh file. */
export function readSchemaVersion(driver: SqlDriver): number {
  return driver.prepare('PRAGMA user_version').get<{ user_version: number }>()?.user_version ?? 0;
}

/**
 * Brings the database up to the newest version in `migrations`, one transaction per step.
 * Refuses a catalog written by a newer astrocat rather than guessing at its schema.
 *
 * @returns the versions applied, oldest first (empty when already current).
 */
export function applyMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
  path = '(catalog)',
): number[] {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = readSchemaVersion(driver);
  if (current > latest) {
    throw new AstroError(
      ErrorCode.CATALOG_ERROR,
      `catalog ${path} has schema version ${current}, but this astrocat knows only up to ${latest}; it was written by a newer astrocat — upgrade astrocat to open it`,
      { details: { path, schemaVersion: current, supportedVersion: latest } },
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      driver.transaction(() => {
        migration.up(driver);
        // PRAGMA takes no parameters; the version is an integer checked in checkOrder.
        driver.exec(`PRAGMA user_version = ${migration.version}`);
      });
    } catch (cause) {
      throw new AstroError(
        ErrorCode.CATALOG_ERROR,
        `catalog migration ${migration.version} (${migration.name}) failed: ${(cause as Error).message}`,
        {
          cause,
          details: { path, version: migration.version },
        },
      );
    }
    applied.push(migration.version);
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new AstroError(
        ErrorCode.CATALOG_ERROR,
        `migration "${m.name}" has version ${m.version}; versions must be increasing integers from 1`,
      );
    }
    previous = m.version;
  }
}
