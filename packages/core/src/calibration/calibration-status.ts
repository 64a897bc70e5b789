import type { FrameRecord } from '../metadata/frame-record.js';
import type {
  CalibrationCheck,
  CalibrationCheckResult,
  CalibrationKind,
} from '../workflow/calibration-rule.js';
import { rulesForRig, type CalibrationConfig, type MasterKind } from './calibration-config.js';
import {
  groupLights,
  masterKindOf,
  type CalibrationFrame,
  type LightGroup,
} from './calibration-frame.js';
import { MasterIndex } from './master-index.js';
import { matchLightGroup } from './match-masters.js';

/** Whether a light group has every master its rules require, and if not, what a master would need. */
export type CalibrationStatus =
  | { status: 'complete'; chosen: string[] }
  | {
      status: 'missing';
      chosen: string[];
      missing: { kind: MasterKind; properties: Record<string, string | number> }[];
    };

/**
 * Builds the calibration status function over a master library, for callers that decide on
 * calibration (promote, the VS Code explorer). The index is built once; each call is fast.
 *
 * @example
 * ```ts
 * const statusOf = calibrationStatus(masters, config);
 * statusOf(group).status; // 'complete' | 'missing'
 * ```
 */
export function calibrationStatus(
  masters: Iterable<CalibrationFrame>,
  config: CalibrationConfig,
): (group: LightGroup) => CalibrationStatus {
  const index = new MasterIndex(masters);
  return (group) => {
    const rules = rulesForRig(config, [group.rig, group.calibrationRig]);
    const report = matchLightGroup(group, index, rules, { explain: 'none' });
    const chosen = report.requirements.flatMap((r) => (r.chosen ? [r.chosen.path] : []));
    const missing = report.requirements.flatMap((r) =>
      r.missing ? [{ kind: r.kind, properties: r.missing.properties }] : [],
    );
    return missing.length === 0
      ? { status: 'complete', chosen }
      : { status: 'missing', chosen, missing };
  };
}

/**
 * The workflow's promote check backed by the master library: plug it in as
 * `planPromote({ ..., calibrationCheck: calibrationCheck(masters, config) })`. Masters among the
 * frames promote passes (e.g. ones distributed beside the lights) count as well.
 *
 * @example
 * ```ts
 * const masters = catalog.search({ frameType: MASTER_FRAME_TYPES });
 * await promote({ libraryDir, source, calibrationCheck: calibrationCheck(masters, config) });
 * ```
 */
export function calibrationCheck(
  masters: readonly CalibrationFrame[],
  config: CalibrationConfig,
): CalibrationCheck {
  const libraryStatus = calibrationStatus(masters, config);
  return (
    lights: readonly FrameRecord[],
    calibration: readonly FrameRecord[],
  ): CalibrationCheckResult => {
    const extra = calibration.filter((frame) => masterKindOf(frame.frameType) !== null);
    const statusOf =
      extra.length === 0 ? libraryStatus : calibrationStatus([...masters, ...extra], config);
    const missing = new Set<CalibrationKind>();
    const matched = new Set<string>();
    for (const group of groupLights(lights)) {
      const status = statusOf(group);
      for (const path of status.chosen) matched.add(path);
      if (status.status === 'missing') for (const m of status.missing) missing.add(m.kind);
    }
    return { ok: missing.size === 0, missing: [...missing].sort(), matched: [...matched].sort() };
  };
}
