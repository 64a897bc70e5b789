import { dirname, join, relative } from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import { parseCullRule, type CullFrame } from './cull-rules.js';
import type { FrameSource } from './frame-source.js';
import { createPlan, type PlannedOperation, type PlanStep } from './plan.js';
import { runOperation, type OperationRun, type RunOptions } from './run-operation.js';

/** Summary statistics of one metric over a group (null when no frame has it). */
export interface MetricStats {
  count: number;
  min: number;
  median: number;
  mean: number;
  max: number;
}

/** One folder's frames as a cull pass sees them. */
export interface CullGroup {
  /** The folder, relative to the library (`<rig>/10_Blink/M31/DATE_.../FILTER_...`). */
  folder: string;
  total: number;
  /** Paths the rule rejects. */
  rejects: string[];
  rejectFraction: number;
  /** True when the rejects are moved without asking (fraction within the pass's auto-accept level). */
  auto: boolean;
  stats: { hfr: MetricStats | null; rms: MetricStats | null; stars: MetricStats | null };
}

/** What to do with a group's rejects above the auto-accept level. */
export type CullDecision = 'reject' | 'keep';

export interface CullOptions {
  libraryDir: string;
  /** Folder whose frames are culled, e.g. `<library>/<rig>/10_Blink`. */
  dir: string;
  source: FrameSource;
  /** Pass number; rejects go to `<library>/_REJECT/pass<N>/<path relative to the library>`. */
  pass: number;
  /** e.g. `hfr > 4.6 or rmsArcsec > 2`. */
  rule: string;
  /**
   * Rejects are moved without asking when they are at most this fraction of their group
   * (0.3 = "auto-accept under 30 %"; 1 = always automatic).
   */
  autoAcceptFraction: number;
  /** Asked for each group above the level (a CLI prompt, `--yes`, `--no`); without it such groups are left alone. */
  decide?: (group: CullGroup) => CullDecision | Promise<CullDecision>;
  /** Extra metrics per path (FWHM, eccentricity from analysis). */
  metrics?: (path: string) => Record<string, number | null> | undefined;
  /** Reject tree root; default `<library>/_REJECT`. */
  rejectRoot?: string;
  signal?: AbortSignal;
  now?: Date;
}

export function metricStats(values: readonly (number | null)[]): MetricStats | null {
  const known = values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  const median =
    known.length % 2 === 1
      ? (known[middle] as number)
      : ((known[middle - 1] as number) + (known[middle] as number)) / 2;
  const mean = known.reduce((sum, v) => sum + v, 0) / known.length;
  return {
    count: known.length,
    min: known[0] as number,
    median,
    mean,
    max: known[known.length - 1] as number,
  };
}

/** Where a pass puts a reject: a tree parallel to the library, so restoring is a move back. */
export function rejectPath(
  libraryDir: string,
  path: string,
  pass: number,
  rejectRoot?: string,
): string {
  return join(rejectRoot ?? join(libraryDir, '_REJECT'), `pass${pass}`, relative(libraryDir, path));
}

/**
 * Plans one cull pass: evaluates the rule on every LIGHT under `dir`, groups by folder,
 * moves a group's rejects to the reject tree automatically when within the auto-accept level,
 * otherwise as `decide` says. Groups left undecided are reported.
 *
 * @example
 * ```ts
 * const { plan, groups } = await planCull({ libraryDir, dir, source, pass: 1, rule: 'hfr > 4.6 or rmsArcsec > 2', autoAcceptFraction: 0.3 });
 * ```
 */
export async function planCull(
  options: CullOptions,
): Promise<PlannedOperation & { groups: CullGroup[] }> {
  const rule = parseCullRule(options.rule);
  const diagnostics: Diagnostic[] = [];
  const byFolder = new Map<string, CullFrame[]>();
  for await (const entry of options.source.list(options.dir, options.signal)) {
    diagnostics.push(...entry.diagnostics.filter((d) => d.severity === 'error'));
    if (entry.frame?.frameType !== 'LIGHT') continue;
    const metrics = options.metrics?.(entry.path);
    const frame: CullFrame = metrics
      ? { ...entry.frame, path: entry.path, metrics }
      : { ...entry.frame, path: entry.path };
    const folder = dirname(entry.path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), frame]);
  }
  const groups: CullGroup[] = [];
  const steps: Omit<PlanStep, 'id'>[] = [];
  for (const folder of [...byFolder.keys()].sort()) {
    const frames = (byFolder.get(folder) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
    const rejects = frames.filter((frame) => rule.test(frame)).map((frame) => frame.path);
    const rejectFraction = rejects.length / frames.length;
    const group: CullGroup = {
      folder: relative(options.libraryDir, folder),
      total: frames.length,
      rejects,
      rejectFraction,
      auto: rejectFraction <= options.autoAcceptFraction,
      stats: {
        hfr: metricStats(frames.map((f) => f.hfrPx)),
        rms: metricStats(frames.map((f) => f.rmsArcsec)),
        stars: metricStats(frames.map((f) => f.starCount)),
      },
    };
    groups.push(group);
    if (rejects.length === 0) continue;
    let decision: CullDecision | null = group.auto ? 'reject' : null;
    if (decision === null && options.decide) decision = await options.decide(group);
    if (decision === null) {
      diagnostics.push({
        severity: 'warning',
        code: 'WORKFLOW_CULL_UNDECIDED',
        message: `${group.folder}: ${rejects.length}/${frames.length} rejects above the auto-accept level; left in place`,
      });
    }
    if (decision !== 'reject') continue;
    for (const path of rejects) {
      const to = rejectPath(options.libraryDir, path, options.pass, options.rejectRoot);
      steps.push({ op: 'move', from: path, to, reason: `pass ${options.pass}: ${rule.source}` });
    }
  }
  const plan = createPlan(
    'cull',
    options.libraryDir,
    steps,
    options.now ? { now: options.now } : {},
  );
  return { plan, diagnostics, groups };
}

/**
 * Runs one cull pass: planned, journaled, resumable, undoable.
 *
 * @example
 * ```ts
 * await cull({ libraryDir, dir, source, pass: 2, rule: 'hfr > 5.5', autoAcceptFraction: 1 });
 * ```
 */
export async function cull(
  options: CullOptions & RunOptions,
): Promise<OperationRun & { groups: CullGroup[] }> {
  let groups: CullGroup[] = [];
  const run = await runOperation(
    options.libraryDir,
    async () => {
      const planned = await planCull(options);
      groups = planned.groups;
      return planned;
    },
    options,
  );
  return { ...run, groups };
}

/**
 * Plans moving a pass's rejects (or all passes') back to where they were culled from.
 *
 * @example
 * ```ts
 * await applyPlan(await planRestoreRejects({ libraryDir, source, pass: 1 }));
 * ```
 */
export async function planRestoreRejects(options: {
  libraryDir: string;
  source: FrameSource;
  pass?: number;
  rejectRoot?: string;
  now?: Date;
}): Promise<PlannedOperation> {
  const root = options.rejectRoot ?? join(options.libraryDir, '_REJECT');
  const steps: Omit<PlanStep, 'id'>[] = [];
  const dir = options.pass === undefined ? root : join(root, `pass${options.pass}`);
  for await (const entry of options.source.list(dir)) {
    const [passFolder, ...rest] = relative(root, entry.path).split(/[\\/]/);
    if (!passFolder?.startsWith('pass') || rest.length === 0) continue;
    steps.push({
      op: 'move',
      from: entry.path,
      to: join(options.libraryDir, ...rest),
      reason: `restore ${passFolder}`,
    });
  }
  return {
    plan: createPlan('restore', options.libraryDir, steps, options.now ? { now: options.now } : {}),
    diagnostics: [],
  };
}
