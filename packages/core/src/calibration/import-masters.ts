import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { Diagnostic } from '../errors/index.js';
import { hasImageExtension } from '../image-file/detect-format.js';
import { readFrameRecord } from '../image-file/read-frame-record.js';
import { frameFingerprint } from '../ingest/fingerprint.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { hashFile, nodeFs } from '../workflow/file-ops.js';
import { createPlan, type PlanStep } from '../workflow/plan.js';
import { runOperation, type OperationRun, type RunOptions } from '../workflow/run-operation.js';
import { parseCalibrationConfig, type CalibrationConfig } from './calibration-config.js';
import { masterKindOf } from './calibration-frame.js';
import { CALIBRATE_KIND } from './calibrate-kind.js';
import { imageExtension, masterLibraryPath } from './master-path.js';

const EXTENSIONS = ['.xisf', '.fits', '.fit', '.fts', '.fits.fz', '.fz'];

export interface MasterImportOptions extends RunOptions {
  sourceDir: string;
  libraryDir: string;
  config?: CalibrationConfig;
  now?: Date;
}

/** What happened to each master found: copied, already there, or a conflict left alone. */
export interface MasterImport {
  imported: { from: string; to: string; kind: string }[];
  /** Already in the library with identical content (or a duplicate of another source file). */
  identical: { from: string; to: string }[];
  /** A different file already holds the standard name: nothing was overwritten. */
  conflicts: { from: string; to: string }[];
  /** Not masters, or masters without a camera. */
  skipped: { path: string; reason: string }[];
  diagnostics: Diagnostic[];
  run: OperationRun;
}

async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listImages(full)));
    else if (hasImageExtension(entry.name, EXTENSIONS)) files.push(full);
  }
  return files;
}

/**
 * Imports masters (e.g. WBPP's output) into `<library>/<mastersFolder>/<rig>/<KIND>/` under
 * standard names, through the workflow's journaled copy steps (dry-run, resume, undo). Never
 * overwrites: an identical file is skipped, a different one reported. Every master now in the
 * library is upserted into the catalog with its properties.
 *
 * @example
 * ```ts
 * const result = await importMasters(catalog, { sourceDir: 'D:/WBPP/master', libraryDir: '/lib' });
 * ```
 */
export async function importMasters(
  catalog: Pick<Catalog, 'upsertFrames'>,
  options: MasterImportOptions,
): Promise<MasterImport> {
  const config = options.config ?? parseCalibrationConfig();
  const result: Omit<MasterImport, 'run'> = {
    imported: [],
    identical: [],
    conflicts: [],
    skipped: [],
    diagnostics: [],
  };
  const records = new Map<string, FrameRecord>();
  const build = async () => {
    Object.assign(result, {
      imported: [],
      identical: [],
      conflicts: [],
      skipped: [],
      diagnostics: [],
    });
    const steps: Omit<PlanStep, 'id'>[] = [];
    const planned = new Map<string, { from: string; sha256: string }>();
    for (const path of await listImages(options.sourceDir)) {
      options.signal?.throwIfAborted();
      const read = await readFrameRecord(path).catch((error: unknown) => error as Error);
      if (read instanceof Error) {
        result.skipped.push({ path, reason: `unreadable: ${read.message}` });
        continue;
      }
      const record = read.value;
      const kind = masterKindOf(record.frameType);
      if (kind === null) {
        result.skipped.push({ path, reason: `not a master (type ${record.frameType})` });
        continue;
      }
      const to = masterLibraryPath(
        record,
        kind,
        options.libraryDir,
        config.mastersFolder,
        imageExtension(path),
      );
      if (to === null) {
        result.skipped.push({ path, reason: 'no camera (INSTRUME) in the header' });
        continue;
      }
      const { sha256, sizeBytes } = await hashFile(nodeFs, path);
      const earlier = planned.get(to);
      const existing = earlier ?? (await hashIfExists(to));
      if (existing) {
        const list = existing.sha256 === sha256 ? result.identical : result.conflicts;
        list.push({ from: path, to });
        if (!earlier && existing.sha256 === sha256) records.set(to, { ...record, path: to });
        continue;
      }
      planned.set(to, { from: path, sha256 });
      records.set(to, { ...record, path: to });
      result.imported.push({ from: path, to, kind });
      steps.push({
        op: 'copy',
        from: path,
        to,
        sha256,
        sizeBytes,
        reason: `master ${kind.toLowerCase()}`,
      });
    }
    for (const c of result.conflicts) {
      result.diagnostics.push({
        severity: 'warning',
        code: 'MASTER_CONFLICT',
        message: `${c.from}: ${c.to} already holds a different master; not overwritten`,
      });
    }
    const plan = createPlan(
      CALIBRATE_KIND,
      options.libraryDir,
      steps,
      options.now ? { now: options.now } : {},
    );
    return { plan, diagnostics: result.diagnostics };
  };
  const run = await runOperation(options.libraryDir, build, options);
  if (!options.dryRun) await catalogMasters(catalog, records, run);
  return { ...result, run };
}

async function hashIfExists(path: string): Promise<{ sha256: string } | null> {
  try {
    await stat(path);
  } catch {
    return null;
  }
  return hashFile(nodeFs, path);
}

/** Upserts the masters now in the library; a copy that failed is left out, a rerouted one follows. */
async function catalogMasters(
  catalog: Pick<Catalog, 'upsertFrames'>,
  records: Map<string, FrameRecord>,
  run: OperationRun,
): Promise<void> {
  const actual = new Map<string, string | null>();
  for (const r of run.applied?.results ?? []) {
    const planned = run.plan.steps[r.id]?.to;
    if (planned) actual.set(planned, r.outcome === 'failed' ? null : (r.to ?? planned));
  }
  const items = [];
  for (const [planned, record] of records) {
    const path = actual.has(planned) ? actual.get(planned) : planned;
    if (!path) continue;
    const info = await stat(path);
    const moved = { ...record, path };
    items.push({
      record: moved,
      file: { sizeBytes: info.size, mtimeMs: info.mtimeMs },
      fingerprint: frameFingerprint(moved, info.size),
      stitched: true,
    });
  }
  if (items.length > 0) catalog.upsertFrames(items);
}
