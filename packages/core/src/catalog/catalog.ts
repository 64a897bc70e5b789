import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import { AgentRunStore, type AgentRun, type IngestError } from './agent-runs.js';
import { openBetterSqlite } from './better-sqlite-driver.js';
import type { SqlDriver, SqlStatement, SqlValue } from './driver.js';
import type { EncodedFrame, UpsertItem } from './encoded-frame.js';
import { FrameStore, catalogError } from './frame-store.js';
import { buildFrameWhere, buildOrderAndPage, type FrameFilter } from './frame-query.js';
import { deferFrameIndexes, restoreDeferredIndexes } from './deferred-indexes.js';
import { detectJournalMode } from './journal-mode.js';
import { CatalogLock, catalogLockPath, withCatalogLock } from './write-lock.js';
import { MIGRATIONS, applyMigrations, readSchemaVersion, type Migration } from './migrations.js';
import {
  STORED_FRAME_SELECT,
  type FieldValue,
  type FileFacts,
  type StoredFrame,
} from './stored-frame.js';
import {
  computeTotals,
  listEquipment,
  listSessions,
  type SessionSummary,
  type Totals,
} from './totals.js';

export interface CatalogOptions {
  /** Database file; its folder is created. `:memory:` works for throwaway catalogs. */
  path: string;
  /** Defaults to better-sqlite3, loaded on first open. The catalog closes the driver on `close()`. */
  driver?: SqlDriver;
  /** `auto` and `delete`: rollback journal. `wal`: WAL on a local disk (rollback on a network share); only native drivers read it. */
  journalMode?: 'auto' | 'wal' | 'delete';
  /**
   * Take the cross-process catalog lock around every transaction (default true for files). Turn
   * off only for a catalog no other process or driver can touch.
   */
  lock?: boolean;
  /** Migrations to apply; default {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
  /** Clock for added/updated times; default `Date.now`. */
  nowMs?: () => number;
}

/**
 * The frame catalog: one SQLite file holding every frame's record, header, hashes, agent fields and
 * agent runs. All methods are synchronous; writes that touch many frames run in one transaction.
 *
 * @example
 * ```ts
 * const catalog = await Catalog.open({ path: defaultCatalogPath() });
 * const [id] = catalog.upsertFrames([{ record, file: { sizeBytes, mtimeMs }, fingerprint }]);
 * const m31 = catalog.search({ target: 'NGC 224', filter: 'Ha', exposureMinSec: 300 });
 * catalog.close();
 * ```
 */
export class Catalog {
  readonly driver: SqlDriver;
  readonly path: string;
  private readonly frames: FrameStore;
  private readonly runs: AgentRunStore;
  private readonly statements = new Map<string, SqlStatement>();
  private readonly setStitched: SqlStatement;
  private readonly setHashStatement: SqlStatement;
  private readonly nowMs: () => number;

  private constructor(driver: SqlDriver, path: string, nowMs: () => number) {
    this.driver = driver;
    this.path = path;
    this.frames = new FrameStore(driver, nowMs);
    this.runs = new AgentRunStore(driver);
    this.setStitched = driver.prepare('UPDATE frames SET stitched = ? WHERE id = ?');
    this.setHashStatement = driver.prepare(
      'UPDATE frames SET sha256 = ?, md5 = ?, size_bytes = ?, mtime_ms = ?, updated_at_ms = ? WHERE id = ?',
    );
    this.nowMs = nowMs;
  }

  /** Opens (creating if needed) a catalog: makes its folder, sets pragmas and applies migrations. */
  static async open(options: CatalogOptions): Promise<Catalog> {
    const inMemory = options.path === ':memory:' || options.path === '';
    if (!inMemory) {
      try {
        mkdirSync(dirname(options.path), { recursive: true });
      } catch (cause) {
        throw new AstroError(
          ErrorCode.CATALOG_ERROR,
          `cannot create the catalog folder for ${options.path}: ${(cause as Error).message}`,
          { cause },
        );
      }
    }
    const raw = options.driver ?? (await openBetterSqlite(options.path));
    // Every driver on a file takes the same cross-process lock: better-sqlite3 (CLI) and the
    // WebAssembly driver (hosts) do not honour each other's SQLite locks.
    const driver =
      inMemory || options.lock === false
        ? raw
        : withCatalogLock(raw, new CatalogLock(catalogLockPath(options.path)));
    try {
      const mode = chooseJournalMode(options.path, inMemory, options.journalMode ?? 'auto');
      // A driver without shared memory (WebAssembly) keeps its rollback journal; ask what we got.
      const actual = driver
        .prepare(`PRAGMA journal_mode = ${mode === 'wal' ? 'WAL' : 'DELETE'}`)
        .get<{ journal_mode: string }>()?.journal_mode;
      driver.exec(`PRAGMA synchronous = ${actual?.toLowerCase() === 'wal' ? 'NORMAL' : 'FULL'}`);
      driver.exec('PRAGMA foreign_keys = ON');
      // Header runs and frame indexes are inserted at scattered keys: 8 MiB of page cache holds
      // the pages a scan touches (inserting 40,000 frames cost the same CPU with 8, 16 or 32 MiB),
      // and the operating system's cache serves the rest.
      driver.exec('PRAGMA cache_size = -8192');
      driver.exec('PRAGMA busy_timeout = 5000');
      applyMigrations(driver, options.migrations ?? MIGRATIONS, options.path);
      // A bulk load killed midway left the frames without some indexes: build them now.
      restoreDeferredIndexes(driver);
      return new Catalog(driver, options.path, options.nowMs ?? Date.now);
    } catch (error) {
      driver.close();
      throw catalogError(`cannot open catalog ${options.path}`, error);
    }
  }

  /** The schema version (`PRAGMA user_version`). */
  schemaVersion(): number {
    return readSchemaVersion(this.driver);
  }

  /**
   * Starts a bulk load: drops the frames' secondary indexes (remembered in the catalog, so a
   * crash cannot lose them) until {@link endBulkLoad} builds them again in one pass.
   */
  beginBulkLoad(): void {
    this.write('cannot start a bulk load', () => deferFrameIndexes(this.driver));
  }

  /** Builds the indexes a bulk load (this one, or one that was killed) set aside. */
  endBulkLoad(): void {
    this.write('cannot rebuild frame indexes', () => restoreDeferredIndexes(this.driver));
  }

  /** Inserts or updates frames by path in one transaction; returns their ids in input order. */
  upsertFrames(items: readonly UpsertItem[]): number[] {
    return this.frames.upsert(items);
  }

  /** {@link upsertFrames} for frames already encoded (by `FrameEncoder`, e.g. on a scan worker). */
  upsertEncodedFrames(frames: readonly EncodedFrame[]): number[] {
    return this.frames.upsertEncoded(frames);
  }

  getFrame(path: string): StoredFrame | undefined {
    return this.frames.get(path);
  }

  getFrameById(id: number): StoredFrame | undefined {
    return this.frames.getById(id);
  }

  /** Path → size and mtime of every frame, for incremental scans. */
  fileFacts(): Map<string, FileFacts> {
    const statement = this.statement('SELECT path, size_bytes, mtime_ms FROM frames');
    const facts = new Map<string, FileFacts>();
    for (const row of statement.all<{ path: string; size_bytes: number; mtime_ms: number }>()) {
      facts.set(row.path, { sizeBytes: row.size_bytes, mtimeMs: row.mtime_ms });
    }
    return facts;
  }

  /**
   * The highest frame id ever given out. Ids are never reused, so every frame inserted later has
   * a greater one: a cheap way to tell which frames an operation added.
   */
  frameIdWatermark(): number {
    const row = this.statement("SELECT seq FROM sqlite_sequence WHERE name = 'frames'").get<{
      seq: number;
    }>();
    return row?.seq ?? 0;
  }

  /** Frames whose content hash is `sha256` (duplicates, moved files), stitched or not. */
  findByHash(sha256: string): StoredFrame[] {
    return this.frames.hydrate(
      this.statement(`${STORED_FRAME_SELECT} WHERE f.sha256 = ? ORDER BY f.id`).all(sha256),
    );
  }

  findByFingerprint(fingerprint: string): StoredFrame[] {
    return this.frames.hydrate(
      this.statement(`${STORED_FRAME_SELECT} WHERE f.fingerprint = ? ORDER BY f.id`).all(
        fingerprint,
      ),
    );
  }

  /** Re-points a frame at a new path, keeping its id and everything derived from it. */
  moveFrame(fromPath: string, toPath: string, file?: FileFacts): void {
    this.frames.move(fromPath, toPath, file);
  }

  /** Removes frames and, by cascade, their header, fields, agent runs and session membership. */
  removeFrames(paths: string[]): number {
    return this.frames.remove(paths);
  }

  /** Records content hashes with the file facts they were computed for. No-op for an unknown id. */
  setHashes(frameId: number, hashes: { sha256: string; md5: string }, file: FileFacts): void {
    this.setHashStatement.run(
      hashes.sha256,
      hashes.md5,
      file.sizeBytes,
      file.mtimeMs,
      this.nowMs(),
      frameId,
    );
  }

  /** Replaces what `agent` contributed to a frame with `fields`; searchable via `FrameFilter.fields`. */
  setFields(frameId: number, agent: string, fields: Record<string, FieldValue>): void {
    const insert = this.statement(
      `INSERT INTO frame_fields (frame_id, name, agent, value, kind) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM frames WHERE id = ?)
       ON CONFLICT (frame_id, name) DO UPDATE SET agent = excluded.agent, value = excluded.value, kind = excluded.kind`,
    );
    const clear = this.statement('DELETE FROM frame_fields WHERE frame_id = ? AND agent = ?');
    this.write('cannot store fields', () => {
      clear.run(frameId, agent);
      for (const [name, value] of Object.entries(fields)) {
        const [stored, kind] = fieldColumns(value);
        insert.run(frameId, name, agent, stored, kind, frameId);
      }
    });
  }

  /** Stitched frames are visible to search; the ingest pipeline stitches once required agents succeeded. */
  markStitched(frameId: number, stitched: boolean): void {
    this.setStitched.run(stitched ? 1 : 0, frameId);
  }

  /** Records an agent's run on a frame (the latest per agent is kept). No-op for a removed frame. */
  recordAgentRun(run: AgentRun): void {
    this.runs.recordRun(run);
  }

  /** Frames whose failed (or waiting) run of `agent` is due again at `nowMs`, earliest first. */
  dueAgentRuns(
    agent: string,
    nowMs: number,
    limit?: number,
  ): Array<{ frameId: number; attempt: number }> {
    return this.runs.dueRuns(agent, nowMs, limit);
  }

  /**
   * Frames `agent` has never run on, or (given its `version`) last succeeded on under another
   * recorded version, by id.
   */
  framesNeedingAgent(agent: string, options: { version?: string; limit?: number } = {}): number[] {
    return this.runs.framesNeeding(agent, options.version, options.limit);
  }

  /** Whether `agent`'s latest run on the frame succeeded. */
  agentSucceeded(frameId: number, agent: string): boolean {
    return this.runs.hasSucceeded(frameId, agent);
  }

  /** The latest run of every agent on a frame. */
  agentRuns(frameId: number): AgentRun[] {
    return this.runs.runsFor(frameId);
  }

  /** Records why a file could not be cataloged (one error per path, the latest wins). */
  addIngestError(e: IngestError): void {
    this.runs.addIngestError(e);
  }

  clearIngestError(path: string): void {
    this.runs.clearIngestError(path);
  }

  ingestErrors(): IngestError[] {
    return this.runs.ingestErrors();
  }

  /** Stitched frames (unless `includeUnstitched`) matching every criterion of `filter`. */
  search(filter: FrameFilter = {}): StoredFrame[] {
    const where = buildFrameWhere(filter);
    const page = buildOrderAndPage(filter);
    const rows = this.statement(`${STORED_FRAME_SELECT} WHERE ${where.sql} ${page.sql}`).all(
      ...where.params,
      ...page.params,
    );
    return this.frames.hydrate(rows);
  }

  /** How many frames `search(filter)` would return, ignoring limit and skip. */
  count(filter: FrameFilter = {}): number {
    const where = buildFrameWhere(filter);
    return (
      this.statement(`SELECT count(*) AS n FROM frames f WHERE ${where.sql}`).get<{ n: number }>(
        ...where.params,
      )?.n ?? 0
    );
  }

  /**
   * Frame counts and integration over stitched frames. Integration sums LIGHT exposures only, and
   * without a `frameType` in the filter only LIGHT frames are counted.
   */
  totals(filter?: FrameFilter): Totals {
    return computeTotals(this.driver, filter);
  }

  /** Imaging sessions (night × rig × target) of stitched LIGHT frames, oldest first. */
  sessions(): SessionSummary[] {
    return listSessions(this.driver);
  }

  /** Makes `alias` another name for `target` (M31 = NGC 224); search by either finds both. */
  addTargetAlias(target: string, alias: string): void {
    if (target.trim() === '' || alias.trim() === '')
      throw new AstroError(ErrorCode.INVALID_ARGUMENT, 'target and alias must not be empty');
    if (target.toLowerCase() === alias.toLowerCase()) return;
    this.write('cannot add target alias', () => {
      this.statement('INSERT OR IGNORE INTO targets (name) VALUES (?)').run(target);
      this.statement(
        'INSERT INTO target_aliases (alias, target) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET target = excluded.target',
      ).run(alias, target);
    });
  }

  /** Equipment names in use by at least one frame, sorted. */
  equipment(): { cameras: string[]; optics: string[]; rigs: string[]; filters: string[] } {
    return listEquipment(this.driver);
  }

  /**
   * Housekeeping after large removals: prunes header index runs that cover only removed frames and
   * refreshes the query planner's statistics. Safe at any time; about a second per million runs.
   */
  compact(): { headerRunsPruned: number } {
    let headerRunsPruned = 0;
    this.write('cannot compact the catalog', () => {
      headerRunsPruned = this.frames.pruneHeaderRuns();
    });
    this.driver.exec('PRAGMA optimize');
    return { headerRunsPruned };
  }

  close(): void {
    this.statements.clear();
    this.driver.close();
  }

  /** Statements whose SQL depends on the filter's shape are prepared once per shape. */
  private statement(sql: string): SqlStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 200) this.statements.clear();
      statement = this.driver.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private write(what: string, fn: () => void): void {
    try {
      this.driver.transaction(fn);
    } catch (error) {
      throw catalogError(what, error);
    }
  }
}

function fieldColumns(value: FieldValue): [SqlValue, 'text' | 'number' | 'boolean' | 'null'] {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value)))
    return [null, 'null'];
  if (typeof value === 'boolean') return [value ? 1 : 0, 'boolean'];
  return typeof value === 'number' ? [value, 'number'] : [value, 'text'];
}

/**
 * Rollback journal unless WAL is asked for on a local disk: the WebAssembly driver the Obsidian
 * and VS Code hosts use cannot read a WAL catalog, and with batched writes a rollback journal
 * costs nothing measurable. WAL on a network share would corrupt the file, so it is refused there.
 */
function chooseJournalMode(
  path: string,
  inMemory: boolean,
  requested: 'auto' | 'wal' | 'delete',
): 'wal' | 'delete' {
  if (inMemory || requested !== 'wal') return 'delete';
  return detectJournalMode(path);
}
