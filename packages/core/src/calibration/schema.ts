import type { SqlDriver } from '../catalog/driver.js';
import type { Migration } from '../catalog/migrations.js';
import type { MasterKind } from './calibration-config.js';
import type { RigProfile } from './nina-profile.js';

/**
 * Rig equipment from N.I.N.A. profiles (`rig_profiles`, `rig_filters`) and the audit trail of
 * which masters calibrate which lights (`calibration_links`). The catalog owns version numbers:
 * register it as `{ version: N, ...calibrationMigration }` after the last of MIGRATIONS. It is
 * idempotent, so {@link CalibrationStore} also runs it on a catalog that predates it.
 */
export const calibrationMigration: Omit<Migration, 'version'> = {
  name: 'calibration: rig profiles, filters and master links',
  up(driver) {
    ensureCalibrationTables(driver);
  },
};

export function ensureCalibrationTables(driver: Pick<SqlDriver, 'exec'>): void {
  driver.exec(`
    CREATE TABLE IF NOT EXISTS rig_profiles (
      profile_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      optic TEXT NOT NULL,
      focal_ratio REAL NOT NULL,
      camera TEXT NOT NULL,
      focal_length_mm REAL,
      source_path TEXT NOT NULL,
      imported_at_ms INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rig_filters (
      profile_id TEXT NOT NULL REFERENCES rig_profiles (profile_id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (profile_id, position)
    );
    CREATE TABLE IF NOT EXISTS calibration_links (
      light_id INTEGER NOT NULL REFERENCES frames (id) ON DELETE CASCADE,
      master_id INTEGER NOT NULL REFERENCES frames (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('DARK', 'FLAT', 'BIAS', 'DARKFLAT')),
      reason TEXT NOT NULL,
      placed_path TEXT,
      op_id TEXT,
      linked_at_ms INTEGER NOT NULL,
      PRIMARY KEY (light_id, kind)
    );
    CREATE INDEX IF NOT EXISTS calibration_links_master ON calibration_links (master_id);
  `);
}

/** One light ↔ master link: the master of `kind` chosen for the light, and why. */
export interface CalibrationLink {
  lightId: number;
  masterId: number;
  kind: MasterKind;
  reason: string;
  /** Where the master was placed beside the light, when it was. */
  placedPath: string | null;
  opId: string | null;
}

/**
 * The calibration tables on the catalog's driver: rig profiles and light ↔ master links.
 *
 * @example
 * ```ts
 * const store = new CalibrationStore(catalog.driver);
 * store.lightsUsing('/lib/_Masters/C8E+ASI2600MM/FLAT/masterFlat_L.xisf'); // light paths
 * ```
 */
export class CalibrationStore {
  constructor(
    private readonly driver: SqlDriver,
    private readonly nowMs: () => number = Date.now,
  ) {
    ensureCalibrationTables(driver);
  }

  /** Inserts or replaces a profile and its filters (re-importing a profile updates it). */
  saveProfiles(profiles: readonly RigProfile[]): void {
    const upsert = this.driver.prepare(
      `INSERT INTO rig_profiles (profile_id, name, optic, focal_ratio, camera, focal_length_mm, source_path, imported_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_id) DO UPDATE SET name = excluded.name, optic = excluded.optic,
         focal_ratio = excluded.focal_ratio, camera = excluded.camera, focal_length_mm = excluded.focal_length_mm,
         source_path = excluded.source_path, imported_at_ms = excluded.imported_at_ms`,
    );
    const clearFilters = this.driver.prepare('DELETE FROM rig_filters WHERE profile_id = ?');
    const addFilter = this.driver.prepare(
      'INSERT OR REPLACE INTO rig_filters (profile_id, position, name) VALUES (?, ?, ?)',
    );
    this.driver.transaction(() => {
      for (const p of profiles) {
        upsert.run(
          p.profileId,
          p.name,
          p.optic,
          p.focalRatio,
          p.camera,
          p.focalLengthMm,
          p.sourcePath,
          this.nowMs(),
        );
        clearFilters.run(p.profileId);
        for (const f of p.filters) addFilter.run(p.profileId, f.position, f.name);
      }
    });
  }

  /** Every imported rig with its filters, by name. */
  profiles(): Omit<RigProfile, 'sourcePath'>[] {
    const rows = this.driver.prepare('SELECT * FROM rig_profiles ORDER BY name, profile_id').all<{
      profile_id: string;
      name: string;
      optic: string;
      focal_ratio: number;
      camera: string;
      focal_length_mm: number | null;
    }>();
    const filters = this.driver.prepare(
      'SELECT position, name FROM rig_filters WHERE profile_id = ? ORDER BY position',
    );
    return rows.map((r) => ({
      profileId: r.profile_id,
      name: r.name,
      optic: r.optic,
      focalRatio: r.focal_ratio,
      camera: r.camera,
      focalLengthMm: r.focal_length_mm,
      filters: filters.all<{ position: number; name: string }>(r.profile_id),
    }));
  }

  /** Records links, replacing a light's earlier master of the same kind. */
  link(links: readonly CalibrationLink[]): void {
    const insert = this.driver.prepare(
      `INSERT INTO calibration_links (light_id, master_id, kind, reason, placed_path, op_id, linked_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (light_id, kind) DO UPDATE SET master_id = excluded.master_id, reason = excluded.reason,
         placed_path = excluded.placed_path, op_id = excluded.op_id, linked_at_ms = excluded.linked_at_ms`,
    );
    this.driver.transaction(() => {
      for (const l of links)
        insert.run(l.lightId, l.masterId, l.kind, l.reason, l.placedPath, l.opId, this.nowMs());
    });
  }

  /** Audit: the paths of the lights calibrated with this master, sorted. */
  lightsUsing(masterPath: string): string[] {
    return this.driver
      .prepare(
        `SELECT l.path FROM calibration_links c JOIN frames m ON m.id = c.master_id
         JOIN frames l ON l.id = c.light_id WHERE m.path = ? ORDER BY l.path`,
      )
      .all<{ path: string }>(masterPath)
      .map((r) => r.path);
  }

  /** The masters linked to one light, by kind. */
  mastersOf(
    lightPath: string,
  ): { kind: MasterKind; path: string; reason: string; placedPath: string | null }[] {
    return this.driver
      .prepare(
        `SELECT c.kind, m.path, c.reason, c.placed_path FROM calibration_links c JOIN frames m ON m.id = c.master_id
         JOIN frames l ON l.id = c.light_id WHERE l.path = ? ORDER BY c.kind`,
      )
      .all<{ kind: MasterKind; path: string; reason: string; placed_path: string | null }>(
        lightPath,
      )
      .map((r) => ({ kind: r.kind, path: r.path, reason: r.reason, placedPath: r.placed_path }));
  }
}
