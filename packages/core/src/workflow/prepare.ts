import { dirname, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import type { FrameRecord, FrameType } from '../metadata/frame-record.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import type { FrameSource, FrameSourceEntry } from './frame-source.js';
import { layoutPath, type LayoutTemplates, type RigConfig } from './layout.js';
import { createPlan, type PlannedOperation, type PlanStep } from './plan.js';
import { runOperation, type OperationRun, type RunOptions } from './run-operation.js';
import type { PathConvention } from './sanitize-path-segment.js';

export interface PrepareOptions {
  /** The capture folder (RAW). It is never removed itself, only emptied sub-folders. */
  from: string;
  libraryDir: string;
  source: FrameSource;
  templates?: LayoutTemplates;
  rigs?: readonly RigConfig[];
  convention?: PathConvention;
  /** Stage folder name; default `10_Blink`. */
  stage?: string;
  /** Remove source folders left empty (never ones holding `.keep` or anything else); default true. */
  removeEmptyFolders?: boolean;
  /** Write HFR/STARS/RMS cards into FITS lights before moving them; default false. */
  stampMetrics?: boolean;
  fs?: WorkflowFs;
  signal?: AbortSignal;
  now?: Date;
}

/** Calibration before lights, so a light never lands in a folder before the frames it needs. */
const TYPE_ORDER: Partial<Record<FrameType, number>> = {
  BIAS: 0,
  DARK: 1,
  DARKFLAT: 2,
  FLAT: 3,
  LIGHT: 4,
};

/** Header cards for the metrics NINA writes only into file names. */
export function metricCards(frame: FrameRecord): NonNullable<PlanStep['cards']> {
  const cards: NonNullable<PlanStep['cards']> = [];
  if (frame.hfrPx !== null)
    cards.push({ keyword: 'HFR', value: frame.hfrPx, comment: '[px] half-flux radius' });
  if (frame.starCount !== null)
    cards.push({ keyword: 'STARS', value: frame.starCount, comment: 'star count' });
  if (frame.rmsArcsec !== null) {
    cards.push({ keyword: 'RMS', value: frame.rmsArcsec, comment: '[arcsec] total guiding RMS' });
  }
  return cards;
}

/**
 * Plans sorting a capture folder into the library: BIAS → DARK → FLAT → LIGHT, each frame moved
 * to its layout path, then emptied source folders removed (deepest first). Frames that cannot
 * be read, masters and unknown types are reported and left where they are.
 *
 * @example
 * ```ts
 * const { plan, diagnostics } = await planPrepare({ from: '/raw', libraryDir: '/lib', source });
 * console.log(formatPlan(plan));
 * ```
 */
export async function planPrepare(options: PrepareOptions): Promise<PlannedOperation> {
  const diagnostics: Diagnostic[] = [];
  const frames: FrameSourceEntry[] = [];
  for await (const entry of options.source.list(options.from, options.signal)) {
    diagnostics.push(...entry.diagnostics.filter((d) => d.severity === 'error'));
    if (!entry.frame) continue;
    if (TYPE_ORDER[entry.frame.frameType] === undefined) {
      diagnostics.push({
        severity: 'info',
        code: 'WORKFLOW_NOT_SORTED',
        message: `${entry.path}: ${entry.frame.frameType} frames are not sorted by prepare`,
      });
      continue;
    }
    frames.push(entry);
  }
  frames.sort((a, b) => order(a) - order(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const steps: Omit<PlanStep, 'id'>[] = [];
  const moved = new Set<string>();
  const missing = new Map<string, number>();
  for (const entry of frames) {
    const frame = entry.frame as FrameRecord;
    const layout = layoutPath(frame, {
      stage: options.stage ?? '10_Blink',
      ...(options.templates ? { templates: options.templates } : {}),
      ...(options.rigs ? { rigs: options.rigs } : {}),
      ...(options.convention ? { convention: options.convention } : {}),
    });
    const fatal = layout.diagnostics.find((d) => d.severity === 'error');
    if (fatal) {
      diagnostics.push({ ...fatal, message: `${entry.path}: ${fatal.message}` });
      continue;
    }
    for (const d of layout.diagnostics) missing.set(d.message, (missing.get(d.message) ?? 0) + 1);
    if (options.stampMetrics && canStamp(frame)) {
      const cards = metricCards(frame);
      if (cards.length > 0) steps.push({ op: 'stamp-header', from: entry.path, cards });
    }
    const to = join(options.libraryDir, ...layout.value.split('/'));
    steps.push({ op: 'move', from: entry.path, to, sizeBytes: entry.sizeBytes });
    moved.add(entry.path);
  }
  for (const [message, count] of missing) {
    diagnostics.push({
      severity: 'warning',
      code: 'LAYOUT_TOKEN_MISSING',
      message: `${message} in ${count} frame(s)`,
    });
  }
  if (options.removeEmptyFolders ?? true) {
    steps.push(...(await emptiedFolders(options.fs ?? nodeFs, options.from, moved)));
  }
  return {
    plan: createPlan('prepare', options.libraryDir, steps, options.now ? { now: options.now } : {}),
    diagnostics,
  };
}

function order(entry: FrameSourceEntry): number {
  return TYPE_ORDER[entry.frame?.frameType ?? 'UNKNOWN'] ?? 99;
}

function canStamp(frame: FrameRecord): boolean {
  return frame.format === 'fits' && frame.frameType === 'LIGHT' && !/\.fz$/i.test(frame.path);
}

/** Folders under `root` that hold nothing but files the plan moves away (or folders like that). */
async function emptiedFolders(
  fs: WorkflowFs,
  root: string,
  moved: Set<string>,
): Promise<Omit<PlanStep, 'id'>[]> {
  const candidates = new Set<string>();
  for (const path of moved) {
    for (let dir = dirname(path); isStrictlyInside(root, dir); dir = dirname(dir))
      candidates.add(dir);
  }
  const emptied = new Set<string>();
  const steps: Omit<PlanStep, 'id'>[] = [];
  for (const dir of [...candidates].sort((a, b) => b.length - a.length)) {
    const names = await fs.readdir(dir);
    if (names.every((name) => moved.has(join(dir, name)) || emptied.has(join(dir, name)))) {
      emptied.add(dir);
      steps.push({ op: 'rmdir', from: dir, reason: 'source folder left empty' });
    }
  }
  return steps;
}

function isStrictlyInside(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel !== dir;
}

/**
 * Sorts a capture folder into the library (RAW → `10_Blink`), planned, journaled and resumable.
 *
 * @example
 * ```ts
 * const run = await prepare({ from: '/raw', libraryDir: '/lib', source, onMoved: catalog.moveFrame });
 * console.log(run.applied?.counts); // { moved: 412, removed: 3 }
 * ```
 */
export function prepare(options: PrepareOptions & RunOptions): Promise<OperationRun> {
  return runOperation(options.libraryDir, () => planPrepare(options), options);
}
