import {
  markdownTable,
  formatDuration,
  formatList,
  formatNumber,
  round,
  wikiLink,
} from './markdown.js';
import { fillTemplate, filterLabel, type NoteContext } from './note-context.js';
import type { GeneratedNote } from './note-merge.js';
import { nightSky, type NightSky } from './night-sky.js';
import type { ImagingSession } from './session-summary.js';
import { yamlDate, type FrontmatterValue } from './yaml-emit.js';

function sky(session: ImagingSession): NightSky | null {
  if (!session.site || !session.midUtc) return null;
  return nightSky({
    night: session.night,
    siteLatDeg: session.site.latDeg,
    siteLonDeg: session.site.lonDeg,
    siteElevM: session.site.elevM,
    midUtc: session.midUtc,
    raDeg: session.raDeg,
    decDeg: session.decDeg,
  });
}

function sessionProperties(
  s: ImagingSession,
  facts: NightSky | null,
  ctx: NoteContext,
): Record<string, FrontmatterValue> {
  const byFilter = (
    get: (f: ImagingSession['filters'][number]) => number,
  ): Record<string, number> =>
    Object.fromEntries(s.filters.map((f) => [filterLabel(f.filter), get(f)]));
  return {
    astrocat: 'session',
    astrocat_id: s.key,
    date: s.firstUtc ? yamlDate(s.firstUtc.slice(0, 10)) : yamlDate(s.night),
    night: yamlDate(s.night),
    target: s.target,
    target_note: s.target === null ? null : wikiLink(ctx.targetPath(s.target), s.target),
    panels: s.panels.length > 0 ? s.panels : null,
    rig: s.rig,
    camera: s.camera,
    optic: s.optic,
    filters: s.filters.map((f) => filterLabel(f.filter)),
    frames: s.frames,
    frames_by_filter: byFilter((f) => f.frames),
    rejected: s.rejected,
    integration_min: round(s.integrationSec / 60, 1),
    integration_min_by_filter: byFilter((f) => round(f.integrationSec / 60, 1) ?? 0),
    gain: s.gain,
    offset: s.offset,
    set_temp_c: s.setTempC,
    median_hfr_px: round(s.medianHfrPx, 2),
    median_fwhm_px: round(s.medianFwhmPx, 2),
    median_stars: round(s.medianStars, 0),
    moon_illumination_pct: facts ? round(facts.moonIlluminationPct, 1) : null,
    moon_separation_deg: facts ? round(facts.moonSeparationDeg, 1) : null,
    astro_dark_start: facts?.astroDarkStartUtc
      ? yamlDate(facts.astroDarkStartUtc.replace(/\.\d+Z$/, 'Z'))
      : null,
    astro_dark_end: facts?.astroDarkEndUtc
      ? yamlDate(facts.astroDarkEndUtc.replace(/\.\d+Z$/, 'Z'))
      : null,
    astro_dark_h: facts ? round(facts.astroDarkHours, 2) : null,
    tags: ['astrocat/session'],
  };
}

function filterTable(s: ImagingSession): string {
  const rows = s.filters.map((f) => [
    filterLabel(f.filter),
    String(f.frames),
    String(f.rejected),
    formatList(f.exposuresSec, ' s'),
    formatDuration(f.integrationSec),
    formatList(f.gains),
    formatNumber(f.medianHfrPx, 2),
    formatNumber(f.medianFwhmPx, 2),
    formatNumber(f.medianStars),
  ]);
  rows.push([
    '**Total**',
    String(s.frames),
    String(s.rejected),
    '',
    formatDuration(s.integrationSec),
    '',
    formatNumber(s.medianHfrPx, 2),
    formatNumber(s.medianFwhmPx, 2),
    formatNumber(s.medianStars),
  ]);
  return markdownTable(
    [
      'Filter',
      'Frames',
      'Rejected',
      'Exposure',
      'Integration',
      'Gain',
      'HFR (px)',
      'FWHM (px)',
      'Stars',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function calibrationSection(s: ImagingSession): string {
  if (s.calibration.length === 0)
    return '_No calibration frames from this night with this camera in the catalog._';
  return markdownTable(
    ['Type', 'Filter', 'Exposure', 'Frames'],
    s.calibration.map((c) => [
      c.frameType,
      c.filter ?? '–',
      formatNumber(c.exposureSec, 2) + (c.exposureSec === null ? '' : ' s'),
      String(c.count),
    ]),
    ['left', 'left', 'right', 'right'],
  );
}

function skySection(s: ImagingSession, facts: NightSky | null): string {
  if (!facts) return '_No site coordinates in the headers, so Moon and darkness are unknown._';
  const time = (iso: string | null): string =>
    iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '–';
  return [
    `- Moon: ${formatNumber(facts.moonIlluminationPct)} % illuminated` +
      (facts.moonSeparationDeg === null
        ? ''
        : `, ${formatNumber(facts.moonSeparationDeg)}° from the target`),
    `- Astronomical darkness: ${time(facts.astroDarkStartUtc)} → ${time(facts.astroDarkEndUtc)} (${formatNumber(facts.astroDarkHours, 1)} h)`,
    `- Frames: ${time(s.firstUtc)} → ${time(s.lastUtc)}`,
  ].join('\n');
}

/**
 * The note for one imaging session: frontmatter for Properties/Dataview and generated sections
 * (summary, per-filter table, calibration, sky, plot).
 *
 * @example
 * ```ts
 * const note = sessionNote(summary, context);
 * await writeFile(file, existing === null ? renderNote(note) : mergeNote(existing, note));
 * ```
 */
export function sessionNote(s: ImagingSession, ctx: NoteContext): GeneratedNote {
  const facts = sky(s);
  const title = `${s.target ?? 'Unknown target'} — ${s.night}`;
  const summary = [
    `**${formatDuration(s.integrationSec)}** in ${s.frames} frames` +
      (s.rejected > 0 ? ` (${s.rejected} rejected)` : '') +
      ` on night ${s.night}` +
      (s.rig ? ` with ${s.rig}` : '') +
      '.',
    [
      s.target === null ? null : `Target: ${wikiLink(ctx.targetPath(s.target), s.target)}`,
      `Dashboard: ${wikiLink(ctx.dashboardPath, 'astrocat dashboard')}`,
    ]
      .filter((x) => x !== null)
      .join(' · '),
  ].join('\n\n');
  const plot = ctx.plotPath?.(s) ?? null;
  const sections = [
    { name: 'summary', markdown: summary },
    { name: 'filters', markdown: `## Frames by filter\n\n${filterTable(s)}` },
    { name: 'calibration', markdown: `## Calibration\n\n${calibrationSection(s)}` },
    { name: 'sky', markdown: `## Sky\n\n${skySection(s, facts)}` },
  ];
  // Without a plot (turned off, or nothing measured) the section is emptied, not left pointing
  // at a plot that is gone.
  sections.push({
    name: 'plot',
    markdown: plot ? `## Quality over the night\n\n![[${plot}]]` : '',
  });
  const template = ctx.templates?.session ?? '## Notes\n\n';
  return {
    properties: sessionProperties(s, facts, ctx),
    unionLists: ['tags'],
    sections,
    head: `# ${title}\n\n`,
    tail: fillTemplate(template, { target: s.target, night: s.night, rig: s.rig }),
  };
}
