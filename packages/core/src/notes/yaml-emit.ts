/**
 * A frontmatter value we know how to write as YAML that Obsidian's Properties and Dataview read:
 * scalars, a date (written unquoted so Obsidian types it as a date), a list of strings, or a flat
 * map of numbers (e.g. frames per filter).
 */
export type FrontmatterValue =
  | string
  | number
  | boolean
  | null
  | YamlDate
  | readonly string[]
  | Readonly<Record<string, number | string | null>>;

/** An ISO date (`YYYY-MM-DD`) or date-time written as a plain YAML timestamp. */
export interface YamlDate {
  readonly kind: 'yaml-date';
  readonly iso: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Marks an ISO date so it is written unquoted (a YAML timestamp).
 *
 * @example
 * ```ts
 * emitProperty('night', yamlDate('2024-10-05')); // "night: 2024-10-05"
 * ```
 */
export function yamlDate(iso: string): YamlDate {
  if (!ISO_DATE.test(iso)) throw new RangeError(`not an ISO date: ${iso}`);
  return { kind: 'yaml-date', iso };
}

export function isYamlDate(value: unknown): value is YamlDate {
  return typeof value === 'object' && value !== null && (value as YamlDate).kind === 'yaml-date';
}

// Plain (unquoted) scalars are limited to a conservative alphabet so no YAML indicator,
// comment, or type coercion (yes/no/null/numbers/dates) can change what is read back.
const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9 _.+\-@()/]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|nan|inf|infinity)$/i;

/** Writes one string as a YAML scalar: plain when unambiguous, otherwise double-quoted. */
export function yamlString(text: string): string {
  if (PLAIN_SAFE.test(text) && !text.endsWith(' ') && !text.includes(' -') && !RESERVED.test(text))
    return text;
  // JSON's escapes are valid YAML double-quoted escapes; YAML also treats NEL/LS/PS as line breaks.
  return JSON.stringify(text).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Writes a number; non-finite values become null (YAML's .nan/.inf confuse most readers). */
export function yamlNumber(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  return Object.is(value, -0) ? '0' : String(value);
}

function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return yamlNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return yamlString(value);
}

/**
 * Writes one top-level property as YAML lines (no trailing newline), Obsidian's layout:
 * lists as indented `- item` lines, maps as indented `key: value` lines.
 *
 * @example
 * ```ts
 * emitProperty('filters', ['Ha', 'OIII']); // "filters:\n  - Ha\n  - OIII"
 * ```
 */
export function emitProperty(key: string, value: FrontmatterValue, eol = '\n'): string {
  const head = yamlString(key);
  if (isYamlDate(value)) return `${head}: ${value.iso}`;
  if (Array.isArray(value)) {
    const items = value as readonly string[];
    if (items.length === 0) return `${head}: []`;
    return [`${head}:`, ...items.map((item) => `  - ${yamlString(item)}`)].join(eol);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, number | string | null>);
    if (entries.length === 0) return `${head}: {}`;
    return [`${head}:`, ...entries.map(([k, v]) => `  ${yamlString(k)}: ${yamlScalar(v)}`)].join(
      eol,
    );
  }
  return `${head}: ${yamlScalar(value as string | number | boolean | null)}`;
}
