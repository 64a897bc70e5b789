import type { ImagingSession } from './session-summary.js';

/** Integration goals in hours: per target (or `*` for every target), per filter. */
export type IntegrationGoalsH = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Where notes live and what to add; paths are vault-relative, without `.md`. */
export interface NoteContext {
  /** The vault folder that holds astrocat's notes, e.g. `Astrocat`. */
  folder: string;
  sessionPath(session: ImagingSession): string;
  targetPath(target: string): string;
  dashboardPath: string;
  /** The session's plot (vault-relative, with extension) when one was written. */
  plotPath?(session: ImagingSession): string | null;
  /** Text new notes start with after their generated sections; `{{target}}`, `{{night}}`, `{{rig}}` are filled in. */
  templates?: { session?: string; target?: string; dashboard?: string };
  /** Add Dataview query blocks (the plain tables are always there). */
  dataview?: boolean;
  goalsH?: IntegrationGoalsH;
  /** How many sessions the dashboard lists; default 10. */
  recentSessions?: number;
}

export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | null>>,
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? (values[name] ?? '') : whole,
  );
}

/** Goal hours for one target and filter, the target's own entry winning over `*`. */
export function goalFor(
  goals: IntegrationGoalsH | undefined,
  target: string,
  filter: string,
): number | null {
  return goals?.[target]?.[filter] ?? goals?.['*']?.[filter] ?? null;
}

export function filterLabel(filter: string | null): string {
  return filter ?? 'none';
}
