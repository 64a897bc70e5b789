import {
  parseYamlBlocks,
  readStringList,
  splitFrontmatter,
  splitLinesKeepEol,
  type YamlBlock,
} from './frontmatter.js';
import { emitProperty, type FrontmatterValue } from './yaml-emit.js';

/** One generated Markdown section; it lives between `<!-- astrocat:begin NAME -->` and `<!-- astrocat:end NAME -->`. */
export interface GeneratedSection {
  /** Marker name: letters, digits, `-` and `_`. */
  name: string;
  /** Empty: the section is emptied where a note has it, and left out where it has none. */
  markdown: string;
}

/**
 * What astrocat owns in a note. Everything else in the file belongs to the user and survives a
 * merge byte for byte.
 */
export interface GeneratedNote {
  /** Generated properties in output order; a null value removes a property astrocat wrote before. */
  properties: Readonly<Record<string, FrontmatterValue>>;
  /** List properties merged with the user's entries instead of replaced (e.g. `tags`). */
  unionLists?: readonly string[];
  sections: readonly GeneratedSection[];
  /** User-owned text a new note starts with, before the first section (e.g. the title). */
  head: string;
  /** User-owned text a new note ends with, after the last section (e.g. a template). */
  tail: string;
}

export function beginMarker(name: string): string {
  return `<!-- astrocat:begin ${name} -->`;
}

export function endMarker(name: string): string {
  return `<!-- astrocat:end ${name} -->`;
}

function withEol(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}

function isEmptySection(section: GeneratedSection): boolean {
  return section.markdown.trim() === '';
}

function sectionBlock(section: GeneratedSection, eol: string): string {
  const inner = section.markdown.replace(/\s+$/, '');
  return [
    beginMarker(section.name),
    ...(inner === '' ? [] : [withEol(inner, eol)]),
    endMarker(section.name),
  ].join(eol);
}

function emitYaml(properties: Readonly<Record<string, FrontmatterValue>>, eol: string): string {
  return Object.entries(properties)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => emitProperty(k, v, eol) + eol)
    .join('');
}

/**
 * Renders a brand-new note: frontmatter, head, sections (blank line between), tail.
 *
 * @example
 * ```ts
 * renderNote({ properties: { night: yamlDate('2024-10-05') }, sections: [{ name: 'table', markdown: '| a |' }], head: '# M 31\n', tail: '' });
 * ```
 */
export function renderNote(note: GeneratedNote, eol = '\n'): string {
  const sections = note.sections
    .filter((s) => !isEmptySection(s))
    .map((s) => sectionBlock(s, eol) + eol)
    .join(eol);
  const head = withEol(note.head, eol);
  const tail = withEol(note.tail, eol);
  const body =
    (head === '' ? '' : head.endsWith(eol + eol) ? head : head + eol) +
    sections +
    (tail === '' ? '' : eol + tail);
  return `---${eol}${emitYaml(note.properties, eol)}---${eol}${body}`;
}

function mergeBlocks(blocks: YamlBlock[], note: GeneratedNote, eol: string): string {
  const generated = Object.keys(note.properties);
  const unions = new Set(note.unionLists ?? []);
  const out: YamlBlock[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    const key = block.key;
    if (key === null || !(key in note.properties) || seen.has(key)) {
      out.push(block);
      continue;
    }
    seen.add(key);
    let value = note.properties[key] as FrontmatterValue;
    if (unions.has(key) && Array.isArray(value)) {
      const mine = value as readonly string[];
      const theirs = readStringList(block);
      if (theirs === null) {
        out.push(block);
        continue;
      }
      value = [...mine, ...theirs.filter((t) => !mine.includes(t))];
    }
    if (value === null) {
      if (block.lead !== '') out.push({ key: null, lead: block.lead, text: '' });
      continue;
    }
    const text = emitProperty(key, value, eol) + eol;
    out.push({
      key,
      lead: block.lead,
      text: block.text === text || block.text === text.replace(/\r?\n$/, '') ? block.text : text,
    });
  }
  // A new generated property goes right after the closest earlier generated one (else before a later one).
  const rank = new Map(generated.map((key, i) => [key, i]));
  generated.forEach((key, order) => {
    const value = note.properties[key] as FrontmatterValue;
    if (seen.has(key) || value === null) return;
    let at = out.length;
    const before = out
      .map((b, i) => ((rank.get(b.key ?? '') ?? Infinity) < order ? i : -1))
      .filter((i) => i >= 0);
    if (before.length > 0) at = (before[before.length - 1] as number) + 1;
    else {
      const after = out.findIndex((b) => b.key !== null && (rank.get(b.key) ?? -1) > order);
      if (after >= 0) at = after;
    }
    out.splice(at, 0, { key, lead: '', text: emitProperty(key, value, eol) + eol });
    seen.add(key);
  });
  const yaml = out.map((b) => b.lead + b.text).join('');
  return yaml === '' || yaml.endsWith('\n') ? yaml : yaml + eol;
}

function mergeBody(body: string, note: GeneratedNote, eol: string): string {
  let result = body;
  for (const section of note.sections) {
    const lines = splitLinesKeepEol(result);
    const begin = lines.findIndex((l) => l.trim() === beginMarker(section.name));
    // An empty section clears the one a note has, and is not added where it has none.
    if (begin < 0 && isEmptySection(section)) continue;
    if (begin < 0) {
      const sep =
        result === ''
          ? ''
          : result.endsWith(eol + eol)
            ? ''
            : result.endsWith('\n')
              ? eol
              : eol + eol;
      result += sep + sectionBlock(section, eol) + eol;
      continue;
    }
    const endRel = lines.slice(begin + 1).findIndex((l) => l.trim() === endMarker(section.name));
    // A begin marker without its end: the user changed it; leave their text alone.
    if (endRel < 0) continue;
    const end = begin + 1 + endRel;
    const inner = section.markdown.replace(/\s+$/, '');
    const replacement = inner === '' ? '' : withEol(inner, eol) + eol;
    result = lines.slice(0, begin + 1).join('') + replacement + lines.slice(end).join('');
  }
  return result;
}

/**
 * Updates an existing note with freshly generated content: generated properties are replaced
 * (list properties in `unionLists` keep the user's extra items), generated sections are replaced
 * between their markers, missing sections are appended, and every other byte is kept. Merging the
 * same content twice changes nothing.
 *
 * @example
 * ```ts
 * const next = mergeNote(await readFile(path, 'utf8'), sessionNote(summary, context));
 * if (next !== existing) await writeFile(path, next);
 * ```
 */
export function mergeNote(existingText: string, note: GeneratedNote): string {
  const split = splitFrontmatter(existingText);
  const { eol } = split;
  if (split.open === '') {
    const yaml = emitYaml(note.properties, eol);
    return `---${eol}${yaml}---${eol}${mergeBody(existingText, note, eol)}`;
  }
  const yaml = mergeBlocks(parseYamlBlocks(split.yaml), note, eol);
  const close = split.close.endsWith('\n') ? split.close : split.close + eol;
  return split.open + yaml + close + mergeBody(split.body, note, eol);
}
