import { basename, join, sep } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { Diagnostic } from '../errors/index.js';
import { createPlan, type PlanStep } from '../workflow/plan.js';
import { runOperation, type OperationRun, type RunOptions } from '../workflow/run-operation.js';
import { parseCalibrationConfig, type CalibrationConfig } from './calibration-config.js';
import { groupLights, MASTER_FRAME_TYPES, type LightGroup } from './calibration-frame.js';
import { CALIBRATE_KIND } from './calibrate-kind.js';
import { MasterIndex } from './master-index.js';
import { matchLightGroups, type GroupReport, type MatchOptions } from './match-masters.js';
import { CalibrationStore, type CalibrationLink } from './schema.js';

export interface CalibrateOptions extends RunOptions, MatchOptions {
  libraryDir: string;
  config?: CalibrationConfig;
  /** Only lights under this folder (default: the whole library). */
  lightsDir?: string;
  now?: Date;
}

export interface CalibrateResult {
  groups: GroupReport[];
  /** True when every light group has every required master. */
  complete: boolean;
  run: OperationRun;
  /** Light ↔ master links recorded in the catalog (0 for a dry run). */
  links: number;
}

/**
 * Matches every cataloged light of the library against the master library, places the chosen
 * masters beside the lights (copy, hard link; planned and journaled, so dry-run, resume and undo
 * work) and links each light to its masters in the catalog for auditing.
 *
 * @example
 * ```ts
 * const { groups, complete } = await calibrate(catalog, { libraryDir: '/lib', dryRun: true });
 * ```
 */
export async function calibrate(
  catalog: Pick<Catalog, 'search' | 'driver'>,
  options: CalibrateOptions,
): Promise<CalibrateResult> {
  const config = options.config ?? parseCalibrationConfig();
  const mastersDir = join(options.libraryDir, config.mastersFolder);
  let groups: LightGroup[] = [];
  let reports: GroupReport[] = [];
  const build = async () => {
    const lights = catalog
      .search({
        frameType: 'LIGHT',
        pathPrefix: withSep(options.lightsDir ?? options.libraryDir),
        includeUnstitched: true,
      })
      .filter((light) => !light.path.startsWith(withSep(mastersDir)));
    const masters = catalog.search({
      frameType: MASTER_FRAME_TYPES,
      pathPrefix: withSep(mastersDir),
      includeUnstitched: true,
    });
    groups = groupLights(lights);
    reports = matchLightGroups(groups, new MasterIndex(masters), config, {
      explain: options.explain ?? 'all',
    });
    return planPlacement(reports, config, options);
  };
  const run = await runOperation(options.libraryDir, build, options);
  let links = 0;
  if (!options.dryRun) {
    const placed = placedPaths(run);
    const all: CalibrationLink[] = [];
    groups.forEach((group, i) => {
      for (const requirement of reports[i]?.requirements ?? []) {
        const chosen = requirement.chosen;
        if (!chosen || chosen.id === undefined) continue;
        for (const light of group.lights) {
          if (light.id === undefined) continue;
          all.push({
            lightId: light.id,
            masterId: chosen.id,
            kind: requirement.kind,
            reason: chosen.reason,
            placedPath: placed.get(placementKey(chosen.path, group.folder)) ?? null,
            opId: run.plan.opId,
          });
        }
      }
    });
    new CalibrationStore(catalog.driver).link(all);
    links = all.length;
  }
  return { groups: reports, complete: reports.every((r) => r.complete), run, links };
}

function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : `${dir}${sep}`;
}

function placementKey(masterPath: string, folder: string): string {
  return JSON.stringify([masterPath, folder]);
}

/** One copy or link per (master, light folder), however many groups share the folder. */
function planPlacement(
  reports: readonly GroupReport[],
  config: CalibrationConfig,
  options: CalibrateOptions,
): { plan: ReturnType<typeof createPlan>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const op = config.distribution === 'hardlink' ? 'link' : 'copy';
  const steps: Omit<PlanStep, 'id'>[] = [];
  const seen = new Set<string>();
  for (const report of reports) {
    for (const requirement of report.requirements) {
      if (!requirement.chosen) continue;
      const key = placementKey(requirement.chosen.path, report.folder);
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push({
        op,
        from: requirement.chosen.path,
        to: join(report.folder, basename(requirement.chosen.path)),
        reason: `master ${requirement.kind.toLowerCase()} for ${report.lights} light(s)`,
        ...(config.distribution === 'reflink' ? { reflink: true } : {}),
      });
    }
  }
  const plan = createPlan(
    CALIBRATE_KIND,
    options.libraryDir,
    steps,
    options.now ? { now: options.now } : {},
  );
  return { plan, diagnostics };
}

/** Where each (master, folder) placement actually landed: a `_2` name, or the file already there. */
function placedPaths(run: OperationRun): Map<string, string> {
  const placed = new Map<string, string>();
  for (const result of run.applied?.results ?? []) {
    const step = run.plan.steps[result.id];
    if (!step?.from || !step.to || result.outcome === 'failed') continue;
    const folder = step.to.slice(0, step.to.length - basename(step.to).length - 1);
    placed.set(placementKey(step.from, folder), result.to ?? step.to);
  }
  return placed;
}
