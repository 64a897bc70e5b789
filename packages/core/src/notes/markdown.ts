/** Escapes a table cell: pipes (also inside wiki links, which Obsidian reads as `\|`) and line breaks. */
export function tableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A GitHub-flavoured Markdown table, so it renders in Obsidian without Dataview.
 *
 * @example
 * ```ts
 * markdownTable(['Filter', 'Frames'], [['Ha', '30']], ['left', 'right']);
 * ```
 */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  align?: ReadonlyArray<'left' | 'right'>,
): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(tableCell).join(' | ')} |`;
  const rule = header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** An Obsidian wiki link to a vault path (without `.md`), with an optional label. */
export function wikiLink(path: string, label?: string): string {
  return label && label !== path ? `[[${path}|${label}]]` : `[[${path}]]`;
}

/** Escapes characters that would start Markdown syntax in running text. */
export function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]#<>|~=^$])/g, '\\$1');
}

/** Rounds for display and for frontmatter; null stays null. */
export function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** "2 h 05 min", "12 min", "45 s". */
export function formatDuration(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  const totalMin = Math.round(sec / 60);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** A number for a table cell, or an en dash when unknown. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

export function formatList(values: ReadonlyArray<number | string>, unit = ''): string {
  return values.length === 0 ? '–' : values.map((v) => `${v}${unit}`).join(', ');
}
