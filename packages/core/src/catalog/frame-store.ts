import { AstroError, ErrorCode } from '../errors/index.js';
import type { HeaderCard } from '../metadata/frame-record.js';
import type { SqlDriver, SqlStatement } from './driver.js';
import { FrameEncoder, type EncodedFrame, type UpsertItem } from './encoded-frame.js';
import { RECORD_COLUMN_NAMES } from './frame-columns.js';
import { HeaderStore } from './header-store.js';
import {
  STORED_FRAME_SELECT,
  fieldValue,
  storedFrameFromRow,
  type FieldRow,
  type FieldValue,
  type FileFacts,
  type StoredFrame,
} from './stored-frame.js';

interface ExistingRow {
  id: number;
  size_bytes: number;
  mtime_ms: number;
  template_id: number | null;
  raw_header: string | null;
}

/** Writes and reads single frames: upsert, move, remove, hashes, agent fields, stitching. */
export class FrameStore {
  readonly headers: HeaderStore;
  private readonly existing: SqlStatement;
  private readonly insertFrame: SqlStatement;
  private readonly updateFrame: SqlStatement;
  private readonly insertHeader: SqlStatement;
  private readonly updateHeader: SqlStatement;
  private readonly byPath: SqlStatement;
  private readonly byId: SqlStatement;
  private readonly fieldsOf: SqlStatement;
  private readonly fieldsOfMany: SqlStatement;
  private readonly deleteFrame: SqlStatement;
  private readonly movePath: SqlStatement;
  private readonly clearIngestError: SqlStatement;
  private readonly anyIngestError: SqlStatement;
  private readonly encoder = new FrameEncoder();

  constructor(
    private readonly driver: SqlDriver,
    private readonly clock: () => number,
  ) {
    this.headers = new HeaderStore(driver);
    const columns = [...RECORD_COLUMN_NAMES, 'size_bytes', 'mtime_ms', 'fingerprint'];
    this.existing = driver.prepare(
      'SELECT f.id, f.size_bytes, f.mtime_ms, h.template_id, h.raw_header FROM frames f LEFT JOIN frame_headers h ON h.frame_id = f.id WHERE f.path = ?',
    );
    // A path already cataloged inserts nothing and returns no id: it is updated instead. Trying
    // the insert first saves new frames (nearly all of a scan) a lookup.
    this.insertFrame = driver.prepare(
      `INSERT INTO frames (${columns.join(', ')}, stitched, added_at_ms, updated_at_ms) VALUES (${columns.map(() => '?').join(', ')}, ?, ?, ?)
       ON CONFLICT (path) DO NOTHING RETURNING id`,
    );
    // A changed file invalidates its hashes; the file agent computes them again.
    this.updateFrame = driver.prepare(
      `UPDATE frames SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at_ms = ?,
         sha256 = CASE WHEN ? THEN NULL ELSE sha256 END, md5 = CASE WHEN ? THEN NULL ELSE md5 END WHERE id = ?`,
    );
    this.insertHeader = driver.prepare(
      'INSERT INTO frame_headers (frame_id, template_id, raw_header) VALUES (?, ?, ?)',
    );
    this.updateHeader = driver.prepare(
      'INSERT INTO frame_headers (frame_id, template_id, raw_header) VALUES (?, ?, ?) ON CONFLICT (frame_id) DO UPDATE SET template_id = excluded.template_id, raw_header = excluded.raw_header',
    );
    this.byPath = driver.prepare(`${STORED_FRAME_SELECT} WHERE f.path = ?`);
    this.byId = driver.prepare(`${STORED_FRAME_SELECT} WHERE f.id = ?`);
    this.fieldsOf = driver.prepare(
      'SELECT frame_id, name, value, kind FROM frame_fields WHERE frame_id = ?',
    );
    this.fieldsOfMany = driver.prepare(
      'SELECT frame_id, name, value, kind FROM frame_fields WHERE frame_id IN (SELECT value FROM json_each(?))',
    );
    this.deleteFrame = driver.prepare('DELETE FROM frames WHERE id = ?');
    this.clearIngestError = driver.prepare('DELETE FROM ingest_errors WHERE path = ?');
    this.anyIngestError = driver.prepare('SELECT EXISTS (SELECT 1 FROM ingest_errors) AS found');
    this.movePath = driver.prepare(
      'UPDATE frames SET path = ?, size_bytes = coalesce(?, size_bytes), mtime_ms = coalesce(?, mtime_ms), updated_at_ms = ? WHERE id = ?',
    );
  }

  upsert(items: readonly UpsertItem[]): number[] {
    return this.upsertEncoded(items.map((item) => this.encoder.encode(item)));
  }

  /** Inserts or updates encoded frames in one transaction; returns their ids in order. */
  upsertEncoded(frames: readonly EncodedFrame[]): number[] {
    if (frames.length === 0) return [];
    const now = this.clock();
    // A path listed twice in one batch is one frame: its last description wins.
    const lastIndex = new Map<string, number>();
    frames.forEach((frame, i) => lastIndex.set(frame.path, i));
    try {
      return this.driver.transaction(() => {
        const runs = this.headers.beginBatch();
        const ids = new Map<string, number>();
        // A file that reads now is no longer an ingest error; most catalogs have none to clear.
        const clearErrors = this.anyIngestError.get<{ found: number }>()!.found === 1;
        frames.forEach((frame, i) => {
          if (lastIndex.get(frame.path) !== i) return;
          const { path, file, columns, values } = frame;
          if (clearErrors) this.clearIngestError.run(path);
          const templateId = this.headers.templateId(frame.layout);
          const stitched = frame.stitched ? 1 : 0;
          const inserted = this.insertFrame.get<{ id: number }>(...columns, stitched, now, now);
          if (inserted) {
            this.insertHeader.run(inserted.id, templateId, values);
            runs.add(inserted.id, templateId, JSON.parse(values) as HeaderCard['value'][]);
            ids.set(path, inserted.id);
            return;
          }
          const old = this.existing.get<ExistingRow>(path)!;
          const fileChanged =
            old.size_bytes !== file.sizeBytes || old.mtime_ms !== file.mtimeMs ? 1 : 0;
          this.updateFrame.run(...columns, now, fileChanged, fileChanged, old.id);
          if (old.template_id !== templateId || old.raw_header !== values) {
            if (old.template_id !== null && old.raw_header !== null)
              this.headers.unindexFrame(old.id, old.template_id, old.raw_header);
            this.updateHeader.run(old.id, templateId, values);
            runs.add(old.id, templateId, JSON.parse(values) as HeaderCard['value'][]);
          }
          ids.set(path, old.id);
        });
        runs.finish();
        return frames.map((frame) => ids.get(frame.path)!);
      });
    } catch (error) {
      this.headers.forgetCaches();
      throw catalogError('cannot store frames', error);
    }
  }

  get(path: string): StoredFrame | undefined {
    const row = this.byPath.get(path);
    return row
      ? storedFrameFromRow(row, this.headers, this.fieldsFor(row.id as number))
      : undefined;
  }

  getById(id: number): StoredFrame | undefined {
    const row = this.byId.get(id);
    return row ? storedFrameFromRow(row, this.headers, this.fieldsFor(id)) : undefined;
  }

  /** StoredFrames for rows of {@link STORED_FRAME_SELECT}, with their fields fetched in one query. */
  hydrate(rows: readonly Record<string, unknown>[]): StoredFrame[] {
    const fields = new Map<number, Record<string, FieldValue>>();
    if (rows.length > 0) {
      for (const row of this.fieldsOfMany.all<FieldRow>(JSON.stringify(rows.map((r) => r.id)))) {
        let forFrame = fields.get(row.frame_id);
        if (!forFrame) fields.set(row.frame_id, (forFrame = {}));
        forFrame[row.name] = fieldValue(row);
      }
    }
    return rows.map((row) =>
      storedFrameFromRow(row, this.headers, fields.get(row.id as number) ?? {}),
    );
  }

  move(fromPath: string, toPath: string, file: FileFacts | undefined): void {
    this.driver.transaction(() => {
      const from = this.existing.get<ExistingRow>(fromPath);
      if (!from)
        throw new AstroError(ErrorCode.INVALID_ARGUMENT, `no frame at ${fromPath} in the catalog`, {
          details: { fromPath },
        });
      if (fromPath === toPath) return;
      if (this.existing.get(toPath)) {
        throw new AstroError(
          ErrorCode.INVALID_ARGUMENT,
          `cannot move ${fromPath}: the catalog already has a frame at ${toPath}`,
          { details: { fromPath, toPath } },
        );
      }
      this.movePath.run(
        toPath,
        file?.sizeBytes ?? null,
        file?.mtimeMs ?? null,
        this.clock(),
        from.id,
      );
    });
  }

  remove(paths: readonly string[]): number {
    try {
      return this.driver.transaction(() => {
        let removed = 0;
        for (const path of new Set(paths)) {
          const old = this.existing.get<ExistingRow>(path);
          // Header runs are left as they are: ids are never reused (AUTOINCREMENT) and queries reach
          // frames through frame_headers, so a run over a removed frame matches nothing. compact() prunes.
          if (old) removed += this.deleteFrame.run(old.id).changes;
        }
        return removed;
      });
    } catch (error) {
      this.headers.forgetCaches();
      throw catalogError('cannot remove frames', error);
    }
  }

  /** Deletes header runs that cover no remaining frame; returns how many. */
  pruneHeaderRuns(): number {
    const sql = `DELETE FROM header_index WHERE NOT EXISTS
      (SELECT 1 FROM frame_headers WHERE frame_id BETWEEN first_frame_id AND last_frame_id)`;
    return this.driver.prepare(sql).run().changes;
  }

  private fieldsFor(id: number): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const row of this.fieldsOf.all<FieldRow>(id)) out[row.name] = fieldValue(row);
    return out;
  }
}

/** Wraps a driver failure as CATALOG_ERROR, keeping AstroErrors (bad arguments) as they are. */
export function catalogError(what: string, error: unknown): AstroError {
  if (error instanceof AstroError) return error;
  return new AstroError(ErrorCode.CATALOG_ERROR, `${what}: ${(error as Error).message}`, {
    cause: error,
  });
}
