import { relative, sep } from 'node:path';
import type { Catalog, FileFacts, StoredFrame } from '../catalog/index.js';
import { AstroError, ErrorCode } from '../errors/index.js';
import { isIngestError, readPendingFrame, type PendingFrame } from '../ingest/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import { scanFrameSource, type FrameSource } from './frame-source.js';
import type { PlanStep } from './plan.js';

export interface CatalogBindingOptions {
  /** For the observing night of frames read from disk (not yet in the catalog). */
  timeZone?: string;
  /**
   * Whether frames added to the catalog by a move are visible to search at once; default true
   * (false when required agents must stitch them first, as in `scanFolders`).
   */
  stitched?: boolean;
  /** Reject tree root; frames moved under it are marked rejected. Default: any `_REJECT` folder. */
  rejectRoot?: string;
  fs?: WorkflowFs;
}

/** A workflow operation's view of the catalog: where frames come from and how moves are recorded. */
export interface CatalogBinding {
  /**
   * Lists image files on disk under a folder, taking each record from the catalog when it knows
   * the file unchanged (same size and mtime) and reading the header otherwise.
   */
  source: FrameSource;
  /** Pass as `onMoved` to any workflow operation: the catalog follows the move. Idempotent. */
  onMoved(from: string, to: string, step: PlanStep): Promise<void>;
  /** How many headers the source had to read (files the catalog did not know). */
  readonly headerReads: number;
}

/** The field (agent `workflow`) that marks a frame as culled, with the pass and rule. */
export const REJECTED_FIELD = 'rejected';

function withSep(dir: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}${sep}`;
}

function isRejectPath(rejectRoot: string, path: string): boolean {
  const rel = relative(rejectRoot, path);
  return rel !== '' && !rel.startsWith('..') && rel !== path;
}

/**
 * Binds workflow operations to the catalog. Moves re-point the frame (keeping its id, hashes,
 * agent fields and the HFR/stars/RMS that only the old file name carried); a frame the catalog did
 * not know is added at its new place from the record read before the move (no second header
 * read); a replay after a crash (nothing at `from`, a frame at `to`) is a no-op; a delete into the
 * trash removes the frame; a move into the reject tree keeps it, marked `rejected`.
 *
 * @example
 * ```ts
 * const binding = bindCatalog(catalog, { timeZone: 'Europe/Berlin' });
 * await prepare({ from: '/raw', libraryDir: '/lib', source: binding.source, onMoved: binding.onMoved });
 * ```
 */
export function bindCatalog(catalog: Catalog, options: CatalogBindingOptions = {}): CatalogBinding {
  const fs = options.fs ?? nodeFs;
  const pending = new Map<string, PendingFrame>();
  let headerReads = 0;

  async function factsOf(path: string): Promise<FileFacts> {
    const stat = await fs.lstat(path);
    // Whole milliseconds, as the scanner records them, so a later scan sees the file unchanged.
    return { sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
  }

  async function readFromDisk(path: string, file: FileFacts): Promise<PendingFrame> {
    headerReads++;
    const read = await readPendingFrame(path, file, { timeZone: options.timeZone });
    // Unreadable or truncated: recorded as an ingest error (as a scan would), and never moved.
    if (isIngestError(read)) {
      catalog.addIngestError({ ...read, atMs: Date.now() });
      const codes: readonly string[] = Object.values(ErrorCode);
      const code = codes.includes(read.code) ? (read.code as ErrorCode) : ErrorCode.IO_ERROR;
      throw new AstroError(code, `${read.message} [${read.code}]`);
    }
    return read;
  }

  const source: FrameSource = {
    list(dir, signal) {
      const known = new Map<string, StoredFrame>();
      for (const frame of catalog.search({
        pathPrefix: withSep(dir),
        includeUnstitched: true,
        orderBy: 'path',
      })) {
        known.set(frame.path, frame);
      }
      const read = async (path: string) => {
        const file = await factsOf(path);
        const stored = known.get(path);
        if (stored && stored.sizeBytes === file.sizeBytes && stored.mtimeMs === file.mtimeMs)
          return { value: stored as FrameRecord, diagnostics: [] };
        const frame = await readFromDisk(path, file);
        pending.set(path, frame);
        return { value: frame.record, diagnostics: [] };
      };
      return scanFrameSource(read, fs).list(dir, signal);
    },
  };

  async function onMoved(from: string, to: string, step: PlanStep): Promise<void> {
    if (step.op === 'delete') {
      catalog.removeFrames([from]);
      return;
    }
    const file = await factsOf(to);
    const moving = catalog.getFrame(from);
    if (moving) {
      // The file at `to` was created by this move (nothing is overwritten): a row there is stale.
      if (from !== to && catalog.getFrame(to)) catalog.removeFrames([to]);
      catalog.moveFrame(from, to, file);
    } else if (!catalog.getFrame(to)) {
      const known = pending.get(from) ?? (await readFromDisk(to, file));
      const record = { ...known.record, path: to };
      catalog.upsertFrames([
        { record, file, fingerprint: known.fingerprint, stitched: options.stitched ?? true },
      ]);
    }
    pending.delete(from);
    markRejected(to, step);
  }

  function markRejected(path: string, step: PlanStep): void {
    const frame = catalog.getFrame(path);
    if (!frame) return;
    const rejected = options.rejectRoot
      ? isRejectPath(options.rejectRoot, path)
      : path.split(/[\\/]/).includes('_REJECT');
    if (rejected)
      catalog.setFields(frame.id, 'workflow', { [REJECTED_FIELD]: step.reason ?? 'culled' });
    else if (frame.fields[REJECTED_FIELD] !== undefined)
      catalog.setFields(frame.id, 'workflow', {});
  }

  return {
    source,
    onMoved,
    get headerReads() {
      return headerReads;
    },
  };
}
