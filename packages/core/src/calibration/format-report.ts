import type { GroupReport } from './match-masters.js';

/**
 * The human calibration report: per light group, each required master with the file chosen and
 * why, or MISSING with the properties a master would need, plus near-misses and runners-up.
 *
 * @example
 * ```ts
 * console.log(formatCalibrationReport(result.groups));
 * ```
 */
export function formatCalibrationReport(groups: readonly GroupReport[]): string {
  const lines: string[] = [];
  for (const group of groups) {
    const what = [
      group.rig ?? group.calibrationRig,
      group.night,
      group.filter,
      group.exposureSec === null ? null : `${group.exposureSec}s`,
    ]
      .filter((s) => s !== null)
      .join(' ');
    lines.push(
      `${group.complete ? 'ok     ' : 'MISSING'} ${group.folder} (${group.lights} light(s); ${what})`,
    );
    for (const r of group.requirements) {
      if (r.chosen)
        lines.push(`  ${r.kind.padEnd(8)} ${r.chosen.path}`, `           ${r.chosen.reason}`);
      else {
        const wanted = Object.entries(r.missing?.properties ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        lines.push(`  ${r.kind.padEnd(8)} missing: needs ${wanted}`);
      }
      for (const u of r.runnersUp)
        lines.push(`           runner-up ${u.path}: ${u.reasons.join('; ')}`);
      for (const m of r.nearMisses)
        lines.push(`           near-miss ${m.path}: ${m.reasons.join('; ')}`);
    }
  }
  const incomplete = groups.filter((g) => !g.complete).length;
  lines.push(`${groups.length} light group(s), ${incomplete} with missing calibration`);
  return lines.join('\n');
}
