// "<target>[ sep][Mosaic sep]Panel[ sep]<id>" where sep is space, underscore or dash. The panel
// word must stand alone, so "Mopanel 2" or "Panelled" are left untouched.
const PANEL_SUFFIX = /(?:^|[\s_-])(?:mosaic[\s_-]+)?panel[\s_-]*([\p{L}\p{N}]{1,6})$/iu;
const TRAILING_SEPARATORS = /[\s_\-,;:]+$/;

/**
 * Splits a mosaic panel suffix off a target name. NINA's framing assistant names panels
 * "<target> Panel <n>"; folder layouts use "M31_Panel_3". Surrounding spaces are removed; a name
 * that is only a panel ("Panel 2") keeps its text as the target.
 *
 * @example
 * ```ts
 * splitTargetPanel('M33 Panel A'); // { target: 'M33', panel: 'A' }
 * splitTargetPanel('NGC 7000 Mosaic Panel 2'); // { target: 'NGC 7000', panel: '2' }
 * splitTargetPanel('M31_Panel_3'); // { target: 'M31', panel: '3' }
 * ```
 */
export function splitTargetPanel(name: string): { target: string; panel: string | null } {
  const trimmed = sanitizeTargetName(name);
  const match = PANEL_SUFFIX.exec(trimmed);
  if (match === null) return { target: trimmed, panel: null };
  const target = trimmed.slice(0, match.index).replace(TRAILING_SEPARATORS, '');
  if (target.length === 0) return { target: trimmed, panel: null };
  return { target, panel: match[1]!.toUpperCase() };
}

/** Trims and collapses runs of whitespace (FITS strings are space padded). */
export function sanitizeTargetName(name: string): string {
  return name.trim().replace(/\s{2,}/g, ' ');
}
