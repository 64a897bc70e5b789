import { join, relative } from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { CALIBRATION_KINDS, calibrates, type CalibrationTolerances } from './calibration-rule.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import type { FrameSource } from './frame-source.js';
import { createPlan, type PlannedOperation, type PlanStep } from './plan.js';
import { runOperation, type OperationRun, type RunOptions } from './run-operation.js';

export interface CleanupOptions {
  libraryDir: string;
  fs?: WorkflowFs;
  /**
   * With a source, calibration frames in `stage` that calibrate no light of that stage are
   * deleted into the trash (recoverable, undoable). Without one only empty folders go.
   */
  source?: FrameSource;
  /** Stage whose unused calibration is removed; default `20_Data`. */
  stage?: string;
  tolerances?: CalibrationTolerances;
  signal?: AbortSignal;
  now?: Date;
}

/**
 * Folders under `root` holding nothing at all, or only such folders, deepest first. A `.keep`
 * or any other file keeps a folder; `.astrocat` (journal, trash) is never touched; `root` stays.
 */
export async function findEmptyFolders(
  fs: WorkflowFs,
  root: string,
  ignore: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const empty: string[] = [];
  async function visit(dir: string): Promise<boolean> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    let allEmpty = true;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.astrocat') {
        if (!(await visit(path))) allEmpty = false;
      } else if (!ignore.has(path)) {
        allEmpty = false;
      }
    }
    if (allEmpty && dir !== root) empty.push(dir);
    return allEmpty;
  }
  await visit(root);
  return empty;
}

/**
 * Plans a library cleanup: unused calibration frames into the trash (when a source is given),
 * then every folder left empty, deepest first.
 *
 * @example
 * ```ts
 * const { plan } = await planCleanup({ libraryDir: '/lib', source });
 * ```
 */
export async function planCleanup(options: CleanupOptions): Promise<PlannedOperation> {
  const fs = options.fs ?? nodeFs;
  const diagnostics: Diagnostic[] = [];
  const steps: Omit<PlanStep, 'id'>[] = [];
  const removed = new Set<string>();
  if (options.source) {
    const stage = options.stage ?? '20_Data';
    const lights: FrameRecord[] = [];
    const calibration: FrameRecord[] = [];
    for await (const entry of options.source.list(options.libraryDir, options.signal)) {
      if (!entry.frame || relative(options.libraryDir, entry.path).split(/[\\/]/)[1] !== stage)
        continue;
      const frame = { ...entry.frame, path: entry.path };
      if (frame.frameType === 'LIGHT') lights.push(frame);
      else if (CALIBRATION_KINDS.includes(frame.frameType)) calibration.push(frame);
    }
    for (const frame of calibration.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      if (lights.some((light) => calibrates(frame, light, options.tolerances))) continue;
      steps.push({ op: 'delete', from: frame.path, reason: 'calibration used by no light' });
      removed.add(frame.path);
    }
  }
  for (const dir of await findEmptyFolders(fs, options.libraryDir, removed)) {
    steps.push({ op: 'rmdir', from: dir, reason: 'empty folder' });
  }
  return {
    plan: createPlan('cleanup', options.libraryDir, steps, options.now ? { now: options.now } : {}),
    diagnostics,
  };
}

/**
 * Cleans a library: planned, journaled, resumable, undoable.
 *
 * @example
 * ```ts
 * const run = await cleanup({ libraryDir: '/lib', dryRun: true });
 * ```
 */
export function cleanup(options: CleanupOptions & RunOptions): Promise<OperationRun> {
  return runOperation(options.libraryDir, () => planCleanup(options), options);
}
