import { formatDuration, markdownTable, round, wikiLink } from './markdown.js';
import { fillTemplate, filterLabel, goalFor, type NoteContext } from './note-context.js';
import type { GeneratedNote } from './note-merge.js';
import type { ImagingSession } from './session-summary.js';
import type { TargetSummary } from './target-summary.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function pivot(targets: readonly TargetSummary[], ctx: NoteContext): string {
  const filters = [
    ...new Set(targets.flatMap((t) => t.filters.map((f) => filterLabel(f.filter)))),
  ].sort();
  const hours = (sec: number): string => (sec === 0 ? '–' : `${(sec / 3600).toFixed(1)} h`);
  return markdownTable(
    ['Target', ...filters, 'Total'],
    targets.map((t) => [
      wikiLink(ctx.targetPath(t.target), t.target),
      ...filters.map((name) =>
        hours(t.filters.find((f) => filterLabel(f.filter) === name)?.integrationSec ?? 0),
      ),
      hours(t.integrationSec),
    ]),
    ['left', ...filters.map(() => 'right' as const), 'right'],
  );
}

/** What is still missing: goal shortfalls (when goals are set) and sessions without same-night flats. */
export function missingItems(
  sessions: readonly ImagingSession[],
  targets: readonly TargetSummary[],
  ctx: NoteContext,
): string[] {
  const items: string[] = [];
  for (const t of targets) {
    const filters = new Set([
      ...Object.keys(ctx.goalsH?.[t.target] ?? {}),
      ...Object.keys(ctx.goalsH?.['*'] ?? {}),
    ]);
    for (const filter of [...filters].sort()) {
      const goalH = goalFor(ctx.goalsH, t.target, filter);
      const haveSec = t.filters.find((f) => filterLabel(f.filter) === filter)?.integrationSec ?? 0;
      if (goalH !== null && haveSec < goalH * 3600) {
        items.push(
          `${wikiLink(ctx.targetPath(t.target), t.target)}: ${filter} needs ${formatDuration(goalH * 3600 - haveSec)} more (goal ${goalH} h)`,
        );
      }
    }
  }
  for (const s of sessions) {
    const flatFilters = new Set(
      s.calibration
        .filter((c) => c.frameType.includes('FLAT') && !c.frameType.includes('DARK'))
        .map((c) => c.filter),
    );
    const without = s.filters
      .filter((f) => f.frames > 0 && !flatFilters.has(f.filter))
      .map((f) => filterLabel(f.filter));
    if (without.length > 0)
      items.push(
        `${wikiLink(ctx.sessionPath(s), `${s.target ?? 'session'} ${s.night}`)}: no flats from that night for ${without.join(', ')}`,
      );
  }
  return items;
}

/**
 * The dashboard: totals, recent sessions, integration by target and filter, and what is missing,
 * as plain Markdown tables (plus an optional Dataview block).
 *
 * @example
 * ```ts
 * const note = dashboardNote(sessions, summarizeTargets(sessions), context);
 * ```
 */
export function dashboardNote(
  sessions: readonly ImagingSession[],
  targets: readonly TargetSummary[],
  ctx: NoteContext,
): GeneratedNote {
  const totalSec = sessions.reduce((n, s) => n + s.integrationSec, 0);
  const frames = sessions.reduce((n, s) => n + s.frames, 0);
  const recent = sessions.slice(0, ctx.recentSessions ?? 10);
  const missing = missingItems(sessions, targets, ctx);
  const sections = [
    {
      name: 'totals',
      markdown: `**${formatDuration(totalSec)}** of light in ${plural(frames, 'frame')}, ${plural(sessions.length, 'session')}, ${plural(targets.length, 'target')}.`,
    },
    {
      name: 'recent',
      markdown:
        '## Recent sessions\n\n' +
        markdownTable(
          ['Night', 'Target', 'Rig', 'Filters', 'Frames', 'Integration'],
          recent.map((s) => [
            wikiLink(ctx.sessionPath(s), s.night),
            s.target === null ? '–' : wikiLink(ctx.targetPath(s.target), s.target),
            s.rig ?? '–',
            s.filters.map((f) => filterLabel(f.filter)).join(', '),
            String(s.frames),
            formatDuration(s.integrationSec),
          ]),
          ['left', 'left', 'left', 'left', 'right', 'right'],
        ),
    },
    {
      name: 'integration',
      markdown: `## Integration by target and filter\n\n${pivot(targets, ctx)}`,
    },
    {
      name: 'missing',
      markdown: `## Missing\n\n${missing.length === 0 ? '_Nothing missing._' : missing.map((m) => `- ${m}`).join('\n')}`,
    },
  ];
  if (ctx.dataview) {
    sections.push({
      name: 'dataview',
      markdown: `## Sessions (Dataview)\n\n\`\`\`dataview\nTABLE target, rig, filters, frames, integration_min\nFROM "${ctx.folder}"\nWHERE astrocat = "session"\nSORT night DESC\n\`\`\``,
    });
  }
  return {
    properties: {
      astrocat: 'dashboard',
      astrocat_id: 'dashboard',
      sessions: sessions.length,
      targets: targets.length,
      frames,
      integration_h: round(totalSec / 3600, 2),
      tags: ['astrocat/dashboard'],
    },
    unionLists: ['tags'],
    sections,
    head: '# Astrophotography dashboard\n\n',
    tail: fillTemplate(ctx.templates?.dashboard ?? '', {}),
  };
}
