import type { ImagingSession } from './session-summary.js';

export interface TargetSummary {
  target: string;
  /** Newest first. */
  sessions: ImagingSession[];
  filters: Array<{ filter: string | null; frames: number; integrationSec: number }>;
  frames: number;
  integrationSec: number;
  firstNight: string;
  lastNight: string;
  rigs: string[];
}

/**
 * Rolls sessions up per target (sessions without a target are left out), sorted by name.
 *
 * @example
 * ```ts
 * const targets = summarizeTargets(summarizeSessions(frames));
 * ```
 */
export function summarizeTargets(sessions: readonly ImagingSession[]): TargetSummary[] {
  const byTarget = new Map<string, ImagingSession[]>();
  for (const s of sessions) {
    if (s.target === null) continue;
    const list = byTarget.get(s.target);
    if (list) list.push(s);
    else byTarget.set(s.target, [s]);
  }
  return [...byTarget]
    .map(([target, list]) => {
      const sorted = [...list].sort((a, b) => b.night.localeCompare(a.night));
      const filters = new Map<
        string | null,
        { filter: string | null; frames: number; integrationSec: number }
      >();
      for (const s of sorted) {
        for (const f of s.filters) {
          const entry = filters.get(f.filter) ?? { filter: f.filter, frames: 0, integrationSec: 0 };
          entry.frames += f.frames;
          entry.integrationSec += f.integrationSec;
          filters.set(f.filter, entry);
        }
      }
      return {
        target,
        sessions: sorted,
        filters: [...filters.values()].sort((a, b) =>
          (a.filter ?? '').localeCompare(b.filter ?? ''),
        ),
        frames: sorted.reduce((n, s) => n + s.frames, 0),
        integrationSec: sorted.reduce((n, s) => n + s.integrationSec, 0),
        firstNight: (sorted[sorted.length - 1] as ImagingSession).night,
        lastNight: (sorted[0] as ImagingSession).night,
        rigs: [...new Set(sorted.map((s) => s.rig).filter((r): r is string => r !== null))].sort(),
      };
    })
    .sort((a, b) => a.target.localeCompare(b.target));
}
