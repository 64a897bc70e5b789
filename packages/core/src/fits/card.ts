/** A header value: `null` is a card whose value field is empty (FITS "undefined value"). */
export type FitsValue = string | number | bigint | boolean | { re: number; im: number } | null;

/** One header card, kept exactly as read. */
export interface FitsCard {
  /** 0-based position of the card within its header (CONTINUE cards share their first card's). */
  index: number;
  /** Upper-case keyword; HIERARCH cards carry the words after `HIERARCH` (`ESO DET CHIPS`). */
  keyword: string;
  /** Parsed value; `undefined` for commentary, blank, END and malformed cards. */
  value: FitsValue | undefined;
  /** The comment, or the text of a commentary card (COMMENT, HISTORY, blank keyword). */
  comment: string | undefined;
  /** The 80 characters as stored, or the joined raws of a CONTINUE chain. */
  raw: string;
  kind: 'value' | 'commentary' | 'blank' | 'end' | 'malformed';
}

/** A problem with one card, before the header gives it an HDU number. */
export interface CardIssue {
  severity: 'error' | 'warning';
  code: 'FITS_BAD_CARD' | 'FITS_BAD_KEYWORD' | 'FITS_NON_ASCII';
  message: string;
}

export const CARD_LENGTH = 80;

export const NON_ASCII = /[^\x20-\x7e]/;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', 'CONTINUE']);
const KEYWORD_CHARS = /^[A-Z0-9_-]+$/;
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;
const COMPLEX = /^\(\s*([^,\s]+)\s*,\s*([^)\s]+)\s*\)$/;

/**
 * Parses one 80-character card (decoded as latin1 so every byte survives).
 * Never throws: a card that cannot be understood comes back as kind `malformed` with an issue.
 *
 * @example
 * ```ts
 * parseCard("OBJECT  = 'M 31'  / target", 0).card.value; // 'M 31'
 * ```
 */
export function parseCard(
  raw: string,
  index: number,
  mayHaveNonAscii = true,
): { card: FitsCard; issues: CardIssue[] } {
  const issues: CardIssue[] = [];
  return { card: readCard(raw, index, mayHaveNonAscii, issues), issues };
}

/** {@link parseCard} that appends its issues to `issues` (a header's parser reuses one array). */
export function readCard(
  raw: string,
  index: number,
  mayHaveNonAscii: boolean,
  issues: CardIssue[],
): FitsCard {
  if (mayHaveNonAscii && NON_ASCII.test(raw)) {
    issues.push({
      severity: 'warning',
      code: 'FITS_NON_ASCII',
      message: 'card holds bytes outside printable ASCII',
    });
  }
  const name = raw.slice(0, 8).trimEnd();
  // Only columns 1-8 decide END, as cfitsio does; stray text after it is ignored.
  if (name === 'END') {
    return { index, keyword: 'END', value: undefined, comment: undefined, raw, kind: 'end' };
  }
  if (name === '') {
    const text = raw.slice(8).trimEnd();
    return { index, keyword: '', value: undefined, comment: text, raw, kind: 'blank' };
  }
  if (name === 'HIERARCH') return parseHierarch(raw, index, issues);

  const valid = KEYWORD_CHARS.test(name);
  const keyword = valid ? name : name.toUpperCase();
  if (!valid) {
    issues.push({
      severity: 'warning',
      code: 'FITS_BAD_KEYWORD',
      message: `keyword "${name}" is not upper-case A-Z 0-9 _ -`,
    });
  }
  if (COMMENTARY.has(keyword) || raw.slice(8, 10) !== '= ') {
    const text = raw.slice(8).trimEnd();
    return { index, keyword, value: undefined, comment: text, raw, kind: 'commentary' };
  }
  return parseValueField(keyword, raw, 10, index, issues);
}

function parseHierarch(raw: string, index: number, issues: CardIssue[]): FitsCard {
  const eq = raw.indexOf('=', 8);
  const quote = raw.indexOf("'", 8);
  if (eq < 0 || (quote >= 0 && quote < eq)) {
    return {
      index,
      keyword: 'HIERARCH',
      value: undefined,
      comment: raw.slice(8).trimEnd(),
      raw,
      kind: 'commentary',
    };
  }
  const keyword = raw.slice(8, eq).trim().replace(/\s+/g, ' ').toUpperCase();
  return parseValueField(keyword, raw, eq + 1, index, issues);
}

/** Parses the value and comment that start at `start` (just after the `=`). */
function parseValueField(
  keyword: string,
  raw: string,
  start: number,
  index: number,
  issues: CardIssue[],
): FitsCard {
  let p = start;
  while (p < raw.length && raw.charCodeAt(p) === 32) p++;
  if (raw[p] === "'") {
    const parsed = readQuoted(raw, p);
    if (parsed === undefined) {
      issues.push({
        severity: 'warning',
        code: 'FITS_BAD_CARD',
        message: `${keyword}: string value has no closing quote`,
      });
      return { index, keyword, value: undefined, comment: undefined, raw, kind: 'malformed' };
    }
    const comment = readComment(raw, parsed.end, keyword, issues);
    return { index, keyword, value: parsed.text, comment, raw, kind: 'value' };
  }
  const slash = raw.indexOf('/', p);
  const text = raw.slice(p, slash < 0 ? raw.length : slash).trim();
  const comment = slash < 0 ? undefined : raw.slice(slash + 1).trim();
  const value = parseValueText(text);
  if (value === undefined) {
    issues.push({
      severity: 'warning',
      code: 'FITS_BAD_CARD',
      message: `${keyword}: cannot parse value "${text}"`,
    });
    return { index, keyword, value: undefined, comment, raw, kind: 'malformed' };
  }
  return { index, keyword, value, comment, raw, kind: 'value' };
}

/** Reads a quoted string at `p`, undoing `''` escapes; trailing spaces are not significant. */
export function readQuoted(raw: string, p: number): { text: string; end: number } | undefined {
  let text = '';
  let i = p + 1;
  for (;;) {
    const q = raw.indexOf("'", i);
    if (q < 0) return undefined;
    text += raw.slice(i, q);
    if (raw[q + 1] === "'") {
      text += "'";
      i = q + 2;
      continue;
    }
    return { text: text.trimEnd(), end: q + 1 };
  }
}

function readComment(
  raw: string,
  from: number,
  keyword: string,
  issues: CardIssue[],
): string | undefined {
  const rest = raw.slice(from).trim();
  if (rest === '') return undefined;
  if (rest[0] === '/') return rest.slice(1).trim();
  issues.push({
    severity: 'warning',
    code: 'FITS_BAD_CARD',
    message: `${keyword}: text after the value is not a comment`,
  });
  return rest;
}

/** Parses a non-string value field: logical, integer, float (E or D exponent), complex, or empty. */
export function parseValueText(text: string): FitsValue | undefined {
  if (text === '') return null;
  if (text === 'T') return true;
  if (text === 'F') return false;
  if (INTEGER.test(text)) return parseInteger(text);
  if (FLOAT.test(text)) return parseFloatText(text);
  const complex = COMPLEX.exec(text);
  if (complex) {
    const re = parseNumber(complex[1] ?? '');
    const im = parseNumber(complex[2] ?? '');
    if (re !== undefined && im !== undefined) return { re, im };
  }
  return undefined;
}

function parseInteger(text: string): number | bigint {
  // Up to 15 digits is always exact as a double; beyond that check before narrowing.
  if (text.length <= 15) return Number(text);
  const big = BigInt(text);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(big)
    : big;
}

function parseFloatText(text: string): number {
  return Number(text.replace(/[Dd]/, 'E'));
}

function parseNumber(text: string): number | undefined {
  if (INTEGER.test(text) || FLOAT.test(text)) return parseFloatText(text);
  return undefined;
}
