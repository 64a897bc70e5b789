import {
  MASTER_KINDS,
  rulesForRig,
  type CalibrationConfig,
  type CalibrationRules,
  type MasterKind,
} from './calibration-config.js';
import type { CalibrationFrame, LightGroup } from './calibration-frame.js';
import type { MasterIndex } from './master-index.js';
import { checkMaster, wantedProperties } from './match-properties.js';
import {
  compareCandidates,
  decidingCriterion,
  describeMatch,
  type Candidate,
} from './rank-candidates.js';

/** A master passed over: a runner-up (qualified, not chosen) or a near-miss (failed a rule). */
export interface PassedOver {
  path: string;
  reasons: string[];
}

/** One required master type of a light group: the master chosen and why, or what is missing. */
export interface RequirementReport {
  kind: MasterKind;
  chosen: { path: string; id?: number; reason: string; scaled: boolean } | null;
  missing: { properties: Record<string, string | number>; reason: string } | null;
  runnersUp: PassedOver[];
  nearMisses: PassedOver[];
}

export interface GroupReport {
  key: string;
  folder: string;
  rig: string | null;
  calibrationRig: string | null;
  night: string | null;
  filter: string | null;
  exposureSec: number | null;
  lights: number;
  complete: boolean;
  requirements: RequirementReport[];
}

export interface MatchOptions {
  /** Which requirements list their near-misses: only missing ones (default), all, or none. */
  explain?: 'missing' | 'all' | 'none';
}

const NEAR_MISS_LIMIT = 10;
const NEAR_MISS_MAX_FAILURES = 3;

/**
 * Matches every light group against the master library under the configured rules.
 *
 * @example
 * ```ts
 * const reports = matchLightGroups(groupLights(lights), new MasterIndex(masters), config);
 * reports.filter((r) => !r.complete);
 * ```
 */
export function matchLightGroups(
  groups: readonly LightGroup[],
  index: MasterIndex,
  config: CalibrationConfig,
  options: MatchOptions = {},
): GroupReport[] {
  return groups.map((group) =>
    matchLightGroup(group, index, rulesForRig(config, [group.rig, group.calibrationRig]), options),
  );
}

/** Matches one light group: BIAS, DARK, FLAT and DARKFLAT as the rules require. */
export function matchLightGroup(
  group: LightGroup,
  index: MasterIndex,
  rules: CalibrationRules,
  options: MatchOptions = {},
): GroupReport {
  const explain = options.explain ?? 'missing';
  const required = new Set<MasterKind>(rules.require);
  const reports = new Map<MasterKind, RequirementReport>();
  const ref = group.reference;
  if (required.has('DARK')) {
    const dark = matchKind(ref, 'DARK', index, rules, explain).report;
    reports.set('DARK', dark);
    // A scaled dark is only right after its bias is subtracted.
    if (dark.chosen?.scaled) required.add('BIAS');
  }
  if (required.has('BIAS'))
    reports.set('BIAS', matchKind(ref, 'BIAS', index, rules, explain).report);
  let flat: CalibrationFrame | undefined;
  if (required.has('FLAT')) {
    const match = matchKind(ref, 'FLAT', index, rules, explain);
    reports.set('FLAT', match.report);
    flat = match.master;
    if (rules.flatDarks) required.add('DARKFLAT');
  }
  if (required.has('DARKFLAT'))
    reports.set('DARKFLAT', matchFlatDark(ref, flat, index, rules, explain));
  const requirements = MASTER_KINDS.flatMap((kind) => reports.get(kind) ?? []);
  return {
    key: group.key,
    folder: group.folder,
    rig: group.rig,
    calibrationRig: group.calibrationRig,
    night: ref.night,
    filter: ref.filter,
    exposureSec: ref.exposureSec,
    lights: group.lights.length,
    complete: requirements.every((r) => r.chosen !== null),
    requirements,
  };
}

function matchFlatDark(
  light: CalibrationFrame,
  flat: CalibrationFrame | undefined,
  index: MasterIndex,
  rules: CalibrationRules,
  explain: NonNullable<MatchOptions['explain']>,
): RequirementReport {
  if (!flat) {
    return {
      kind: 'DARKFLAT',
      chosen: null,
      missing: {
        properties: { type: 'MASTER DARKFLAT' },
        reason: 'flat-darks are matched to the chosen flat, and no flat was chosen',
      },
      runnersUp: [],
      nearMisses: [],
    };
  }
  // Flat-darks follow the flat's own settings (its exposure, gain, ...), the light's where it has none.
  const reference: CalibrationFrame = { ...light };
  for (const field of [
    'camera',
    'binning',
    'gain',
    'offset',
    'readoutMode',
    'setTempC',
    'exposureSec',
  ] as const) {
    if (flat[field] !== null) Object.assign(reference, { [field]: flat[field] });
  }
  return matchKind(reference, 'DARKFLAT', index, rules, explain, ['DARKFLAT', 'DARK']).report;
}

function matchKind(
  reference: CalibrationFrame,
  kind: MasterKind,
  index: MasterIndex,
  rules: CalibrationRules,
  explain: NonNullable<MatchOptions['explain']>,
  pools: readonly MasterKind[] = [kind],
): { report: RequirementReport; master: CalibrationFrame | undefined } {
  const properties = rules.properties[kind];
  const qualified: Candidate[] = [];
  for (const pool of pools) {
    for (const master of index.candidates(reference, pool, properties)) {
      const check = checkMaster(master, reference, kind, rules);
      if (check.ok) qualified.push({ master, scaled: check.scaled });
    }
  }
  qualified.sort((a, b) => compareCandidates(a, b, reference));
  const [best, ...rest] = qualified;
  const runnersUp = rest.map((c) => ({
    path: c.master.path,
    reasons: [decidingCriterion(best as Candidate, c, reference)],
  }));
  const report: RequirementReport = {
    kind,
    chosen: null,
    missing: null,
    runnersUp,
    nearMisses: [],
  };
  if (best) {
    report.chosen = {
      path: best.master.path,
      ...(best.master.id === undefined ? {} : { id: best.master.id }),
      reason: describeMatch(best, reference, kind, properties, rest.length),
      scaled: best.scaled,
    };
  } else {
    report.missing = {
      properties: wantedProperties(reference, kind, rules),
      reason: `no master ${kind.toLowerCase()} matches`,
    };
  }
  if (explain === 'all' || (explain === 'missing' && !best)) {
    report.nearMisses = nearMisses(reference, kind, index, rules, pools);
  }
  return { report, master: best?.master };
}

function nearMisses(
  reference: CalibrationFrame,
  kind: MasterKind,
  index: MasterIndex,
  rules: CalibrationRules,
  pools: readonly MasterKind[],
): PassedOver[] {
  const misses: PassedOver[] = [];
  for (const pool of pools) {
    for (const master of index.sameCamera(reference, pool)) {
      const check = checkMaster(master, reference, kind, rules);
      if (!check.ok && check.failures.length <= NEAR_MISS_MAX_FAILURES)
        misses.push({ path: master.path, reasons: check.failures });
    }
  }
  misses.sort((a, b) => a.reasons.length - b.reasons.length || (a.path < b.path ? -1 : 1));
  return misses.slice(0, NEAR_MISS_LIMIT);
}
