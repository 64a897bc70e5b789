/** A note split into its frontmatter (the YAML between `---` fences) and the rest, byte for byte. */
export interface SplitNote {
  /** Bytes before the YAML: optional BOM plus the opening fence line. Empty when there is no frontmatter. */
  open: string;
  /** The YAML text between the fences, each line with its own line ending. */
  yaml: string;
  /** The closing fence line with its line ending. Empty when there is no frontmatter. */
  close: string;
  /** Everything after the frontmatter. */
  body: string;
  /** The file's line ending, detected from its first line break ('\n' when none). */
  eol: string;
}

export function detectEol(text: string): string {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** Splits lines keeping each line's terminator, so joining them gives back the exact input. */
export function splitLinesKeepEol(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Splits a Markdown note into frontmatter and body without changing a byte.
 *
 * @example
 * ```ts
 * const { yaml, body } = splitFrontmatter('---\ntitle: x\n---\nHello\n'); // yaml "title: x\n"
 * ```
 */
export function splitFrontmatter(text: string): SplitNote {
  const eol = detectEol(text);
  const lines = splitLinesKeepEol(text);
  const first = lines[0] ?? '';
  const bom = first.startsWith('\uFEFF') ? '\uFEFF' : '';
  if (first.slice(bom.length).trimEnd() !== '---')
    return { open: '', yaml: '', close: '', body: text, eol };
  for (let i = 1; i < lines.length; i++) {
    const trimmed = (lines[i] as string).trimEnd();
    if (trimmed === '---' || trimmed === '...') {
      return {
        open: first,
        yaml: lines.slice(1, i).join(''),
        close: lines[i] as string,
        body: lines.slice(i + 1).join(''),
        eol,
      };
    }
  }
  return { open: '', yaml: '', close: '', body: text, eol };
}

/** One top-level YAML property as written: its leading comments/blank lines, then its own lines. */
export interface YamlBlock {
  /** Property name, or null for comment-only text (before the first key or after the last). */
  key: string | null;
  lead: string;
  text: string;
}

const KEY_LINE =
  /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#\-?:,[\]{}&*!|>'"%@`][^:#]*?|-[^\s:][^:#]*?))\s*:(?:\s|$)/;

/** Reads the property name of a top-level key line, or null when the line is not one. */
export function keyOfLine(line: string): string | null {
  const m = KEY_LINE.exec(line);
  if (!m) return null;
  if (m[1] !== undefined) {
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1];
    }
  }
  if (m[2] !== undefined) return m[2].replace(/''/g, "'");
  return (m[3] as string).trim();
}

/**
 * Cuts frontmatter YAML into top-level property blocks, keeping every byte, so a merge can
 * replace generated properties and leave the user's exactly as they were.
 */
export function parseYamlBlocks(yaml: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  let pending = '';
  let current: YamlBlock | null = null;
  for (const line of splitLinesKeepEol(yaml)) {
    const bare = line.replace(/\r?\n$/, '');
    const key =
      /^[\s#]/.test(bare) || bare === '' || bare.startsWith('- ') || bare === '-'
        ? null
        : keyOfLine(bare);
    if (key !== null) {
      current = { key, lead: pending, text: line };
      pending = '';
      blocks.push(current);
    } else if (current && (/^\s+\S/.test(bare) || bare.startsWith('-'))) {
      // Continuation (indented value or a column-0 list item); comments in between go with it.
      current.text += pending + line;
      pending = '';
    } else {
      pending += line;
    }
  }
  if (pending !== '') blocks.push({ key: null, lead: pending, text: '' });
  return blocks;
}

function unquote(item: string): string {
  const s = item.trim();
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2)
    return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/**
 * Reads a block holding a list of simple strings (`tags: [a, b]`, `tags: a`, or `- a` lines).
 * Returns null when the block is something else, so the caller leaves it untouched.
 */
export function readStringList(block: YamlBlock): string[] | null {
  const lines = block.text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const head = lines[0] ?? '';
  const after = head.slice(head.indexOf(':') + 1).trim();
  if (lines.length === 1) {
    if (after === '' || after === 'null' || after === '~') return [];
    if (after.startsWith('[') && after.endsWith(']')) {
      const inner = after.slice(1, -1).trim();
      return inner === '' ? [] : inner.split(',').map(unquote);
    }
    if (/^[^[\]{}&*!|>%@`,]+$/.test(after)) return [unquote(after)];
    return null;
  }
  if (after !== '') return null;
  const items: string[] = [];
  for (const line of lines.slice(1)) {
    const m = /^\s*-\s+(.*)$/.exec(line);
    if (!m || /^[[{]/.test((m[1] as string).trim())) return null;
    items.push(unquote((m[1] as string).replace(/\s+#.*$/, '')));
  }
  return items;
}
