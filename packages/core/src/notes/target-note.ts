import { formatDuration, formatNumber, markdownTable, round, wikiLink } from './markdown.js';
import { fillTemplate, filterLabel, goalFor, type NoteContext } from './note-context.js';
import type { GeneratedNote } from './note-merge.js';
import type { TargetSummary } from './target-summary.js';
import { yamlDate } from './yaml-emit.js';

function integrationTable(t: TargetSummary, ctx: NoteContext): string {
  const withGoals = t.filters.some(
    (f) => goalFor(ctx.goalsH, t.target, filterLabel(f.filter)) !== null,
  );
  const header = ['Filter', 'Frames', 'Integration', ...(withGoals ? ['Goal', 'Missing'] : [])];
  const rows = t.filters.map((f) => {
    const goalH = goalFor(ctx.goalsH, t.target, filterLabel(f.filter));
    const goal = withGoals
      ? [
          goalH === null ? '–' : `${goalH} h`,
          goalH === null ? '–' : formatDuration(Math.max(0, goalH * 3600 - f.integrationSec)),
        ]
      : [];
    return [filterLabel(f.filter), String(f.frames), formatDuration(f.integrationSec), ...goal];
  });
  rows.push([
    '**Total**',
    String(t.frames),
    formatDuration(t.integrationSec),
    ...(withGoals ? ['', ''] : []),
  ]);
  return markdownTable(header, rows, ['left', 'right', 'right', 'right', 'right']);
}

function sessionsTable(t: TargetSummary, ctx: NoteContext): string {
  return markdownTable(
    ['Night', 'Rig', 'Filters', 'Frames', 'Integration', 'HFR (px)'],
    t.sessions.map((s) => [
      wikiLink(ctx.sessionPath(s), s.night),
      s.rig ?? '–',
      s.filters.map((f) => filterLabel(f.filter)).join(', '),
      String(s.frames),
      formatDuration(s.integrationSec),
      formatNumber(s.medianHfrPx, 2),
    ]),
    ['left', 'left', 'left', 'right', 'right', 'right'],
  );
}

/**
 * The note for one target: integration by filter across all nights, first and last night, rigs,
 * and a table of its sessions (plus an optional Dataview block).
 *
 * @example
 * ```ts
 * for (const t of summarizeTargets(sessions)) notes.push(targetNote(t, context));
 * ```
 */
export function targetNote(t: TargetSummary, ctx: NoteContext): GeneratedNote {
  const sections = [
    {
      name: 'summary',
      markdown:
        `**${formatDuration(t.integrationSec)}** in ${t.frames} frames over ${t.sessions.length} session${t.sessions.length === 1 ? '' : 's'}, ` +
        `${t.firstNight} → ${t.lastNight}${t.rigs.length > 0 ? `, with ${t.rigs.join(', ')}` : ''}.\n\nDashboard: ${wikiLink(ctx.dashboardPath, 'astrocat dashboard')}`,
    },
    { name: 'integration', markdown: `## Integration by filter\n\n${integrationTable(t, ctx)}` },
    { name: 'sessions', markdown: `## Sessions\n\n${sessionsTable(t, ctx)}` },
  ];
  if (ctx.dataview) {
    const query = [
      '```dataview',
      'TABLE night, rig, filters, frames, integration_min, median_hfr_px',
      `FROM "${ctx.folder}"`,
      `WHERE astrocat = "session" AND target = "${t.target.replace(/["\\]/g, '\\$&')}"`,
      'SORT night DESC',
      '```',
    ].join('\n');
    sections.push({ name: 'dataview', markdown: `## Sessions (Dataview)\n\n${query}` });
  }
  return {
    properties: {
      astrocat: 'target',
      astrocat_id: `target|${t.target}`,
      target: t.target,
      first_night: yamlDate(t.firstNight),
      last_night: yamlDate(t.lastNight),
      nights: new Set(t.sessions.map((s) => s.night)).size,
      rigs: t.rigs,
      filters: t.filters.map((f) => filterLabel(f.filter)),
      frames: t.frames,
      frames_by_filter: Object.fromEntries(t.filters.map((f) => [filterLabel(f.filter), f.frames])),
      integration_min: round(t.integrationSec / 60, 1),
      integration_min_by_filter: Object.fromEntries(
        t.filters.map((f) => [filterLabel(f.filter), round(f.integrationSec / 60, 1) ?? 0]),
      ),
      tags: ['astrocat/target'],
    },
    unionLists: ['tags'],
    sections,
    head: `# ${t.target}\n\n`,
    tail: fillTemplate(ctx.templates?.target ?? '## Notes\n\n', {
      target: t.target,
      night: t.lastNight,
      rig: t.rigs.join(', '),
    }),
  };
}
