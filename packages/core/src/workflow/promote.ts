import { join, relative } from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import {
  CALIBRATION_KINDS,
  requireCalibration,
  type CalibrationCheck,
} from './calibration-rule.js';
import type { FrameSource } from './frame-source.js';
import { layoutPath, rigName, type LayoutTemplates, type RigConfig } from './layout.js';
import { createPlan, type PlannedOperation, type PlanStep } from './plan.js';
import { runOperation, type OperationRun, type RunOptions } from './run-operation.js';
import type { PathConvention } from './sanitize-path-segment.js';

export interface PromoteOptions {
  libraryDir: string;
  source: FrameSource;
  /** Default `10_Blink`. */
  fromStage?: string;
  /** Default `20_Data`. */
  toStage?: string;
  /** The per-target folder holding blinked, accepted nights; default `accept`. */
  acceptFolder?: string;
  /** Default: every light needs a matching DARK and FLAT ({@link requireCalibration}). */
  calibrationCheck?: CalibrationCheck;
  templates?: LayoutTemplates;
  rigs?: readonly RigConfig[];
  convention?: PathConvention;
  signal?: AbortSignal;
  now?: Date;
}

/** One target/night of accepted lights and what promote decided for it. */
export interface PromoteGroup {
  rig: string;
  target: string;
  night: string;
  lights: number;
  promoted: boolean;
  missing: string[];
  calibration: string[];
}

/**
 * Plans `10_Blink → 20_Data`: per rig/target/night, the accepted lights (those under
 * `<rig>/10_Blink/<target>/accept/`) move to their `20_Data` place only when the calibration
 * check passes, and the calibration frames that serve them move along (each once).
 *
 * @example
 * ```ts
 * const { plan, groups } = await planPromote({ libraryDir, source });
 * ```
 */
export async function planPromote(
  options: PromoteOptions,
): Promise<PlannedOperation & { groups: PromoteGroup[] }> {
  const fromStage = options.fromStage ?? '10_Blink';
  const toStage = options.toStage ?? '20_Data';
  const inPlace = new Set<string>();
  const accept = options.acceptFolder ?? 'accept';
  const check = options.calibrationCheck ?? requireCalibration();
  const diagnostics: Diagnostic[] = [];
  const groupsByKey = new Map<string, FrameRecord[]>();
  const calibration: FrameRecord[] = [];
  for await (const entry of options.source.list(options.libraryDir, options.signal)) {
    if (!entry.frame) continue;
    const parts = relative(options.libraryDir, entry.path).split(/[\\/]/);
    const frame = { ...entry.frame, path: entry.path };
    const isCalibration = CALIBRATION_KINDS.includes(frame.frameType);
    // Calibration promoted by an earlier run still counts, and stays where it is.
    if (parts[1] === toStage && isCalibration) {
      calibration.push(frame);
      inPlace.add(frame.path);
    }
    if (parts[1] !== fromStage) continue;
    if (isCalibration) calibration.push(frame);
    if (frame.frameType !== 'LIGHT' || parts[3] !== accept) continue;
    const key = JSON.stringify([
      rigName(frame, options.rigs) ?? parts[0],
      frame.target ?? parts[2],
      frame.night ?? '',
    ]);
    groupsByKey.set(key, [...(groupsByKey.get(key) ?? []), frame]);
  }
  const steps: Omit<PlanStep, 'id'>[] = [];
  const movedCalibration = inPlace;
  const groups: PromoteGroup[] = [];
  for (const key of [...groupsByKey.keys()].sort()) {
    const [rig, target, night] = JSON.parse(key) as [string, string, string];
    const lights = (groupsByKey.get(key) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
    const result = check(lights, calibration);
    groups.push({
      rig,
      target,
      night,
      lights: lights.length,
      promoted: result.ok,
      missing: result.missing,
      calibration: result.matched,
    });
    if (!result.ok) {
      diagnostics.push({
        severity: 'warning',
        code: 'WORKFLOW_CALIBRATION_MISSING',
        message: `${rig} ${target} ${night}: missing ${result.missing.join(', ')}; not promoted`,
      });
      continue;
    }
    const frames = [
      ...calibration.filter(
        (c) => result.matched.includes(c.path) && !movedCalibration.has(c.path),
      ),
      ...lights,
    ];
    for (const frame of frames) {
      const layout = layoutPath(frame, {
        stage: toStage,
        ...(options.templates ? { templates: options.templates } : {}),
        ...(options.rigs ? { rigs: options.rigs } : {}),
        ...(options.convention ? { convention: options.convention } : {}),
      });
      const fatal = layout.diagnostics.find((d) => d.severity === 'error');
      if (fatal) {
        diagnostics.push({ ...fatal, message: `${frame.path}: ${fatal.message}` });
        continue;
      }
      if (frame.frameType !== 'LIGHT') movedCalibration.add(frame.path);
      steps.push({
        op: 'move',
        from: frame.path,
        to: join(options.libraryDir, ...layout.value.split('/')),
        reason: `promote ${target} ${night}`,
      });
    }
  }
  const plan = createPlan(
    'promote',
    options.libraryDir,
    steps,
    options.now ? { now: options.now } : {},
  );
  return { plan, diagnostics, groups };
}

/**
 * Promotes accepted, calibrated nights to `20_Data`: planned, journaled, resumable, undoable.
 *
 * @example
 * ```ts
 * const run = await promote({ libraryDir, source, calibrationCheck: requireCalibration(['DARK', 'FLAT', 'BIAS']) });
 * ```
 */
export async function promote(
  options: PromoteOptions & RunOptions,
): Promise<OperationRun & { groups: PromoteGroup[] }> {
  let groups: PromoteGroup[] = [];
  const run = await runOperation(
    options.libraryDir,
    async () => {
      const planned = await planPromote(options);
      groups = planned.groups;
      return planned;
    },
    options,
  );
  return { ...run, groups };
}
