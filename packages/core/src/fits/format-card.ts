import { AstroError, ErrorCode } from '../errors/index.js';
import { CARD_LENGTH, type FitsValue } from './card.js';

const STANDARD_KEYWORD = /^[A-Z0-9_-]{1,8}$/;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
/** Room for a string on a CONTINUE card: 80 - 10 (keyword) - 2 quotes - 1 for `&`. */
const STRING_ROOM = 67;

/**
 * Formats one keyword as 80-character card(s): fixed-format values, quoted strings with `''`
 * escapes, CONTINUE cards (OGIP long-string convention) for long strings, HIERARCH for long or
 * spaced keywords, and COMMENT/HISTORY text wrapped over as many cards as it needs.
 *
 * @example
 * ```ts
 * formatCard('EXPTIME', 300, 'seconds'); // ['EXPTIME =                  300 / seconds   ...']
 * ```
 */
export function formatCard(keyword: string, value?: FitsValue, comment?: string): string[] {
  const key = keyword.toUpperCase();
  if (COMMENTARY.has(key)) {
    const text = typeof value === 'string' ? value : (comment ?? '');
    return wrapCommentary(key, text);
  }
  if (key.startsWith('HIERARCH ') || !STANDARD_KEYWORD.test(key)) {
    const name = key.startsWith('HIERARCH ') ? key.slice(9) : key;
    return [formatHierarch(name, value, comment)];
  }
  if (typeof value === 'string') return formatString(key, value, comment);
  const field = value === undefined || value === null ? '' : formatValue(value).padStart(20);
  return [pad(withComment(`${key.padEnd(8)}= ${field}`, comment))];
}

/** Whether a string needs CONTINUE cards (used by the writer to add LONGSTRN). */
export function needsContinue(value: FitsValue | undefined): boolean {
  return typeof value === 'string' && quote(value).length > 70;
}

/** Formats a non-string value in FITS fixed format (without padding). */
export function formatValue(value: Exclude<FitsValue, string | null>): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatNumber(value);
  return `(${formatFloat(value.re)}, ${formatFloat(value.im)})`;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `FITS cannot store the value ${n}`);
  }
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : formatFloat(n);
}

function formatFloat(n: number): string {
  if (!Number.isFinite(n)) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `FITS cannot store the value ${n}`);
  }
  // Shortest round-trip text, with the decimal point and upper-case E that FITS expects.
  const [mantissa = '', exponent] = String(n).toUpperCase().split('E');
  const withPoint = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}E${exponent}`;
}

function quote(text: string): string {
  // Strings shorter than 8 characters are padded so old readers see a full word.
  return `'${text.replace(/'/g, "''").padEnd(8)}'`;
}

function formatString(key: string, text: string, comment: string | undefined): string[] {
  const quoted = quote(text);
  if (quoted.length <= 70) return [pad(withComment(`${key.padEnd(8)}= ${quoted}`, comment))];
  const pieces = splitForContinue(text);
  const lastLength = 12 + (pieces[pieces.length - 1]?.length ?? 0);
  // A comment that does not fit beside the last piece gets a CONTINUE card of its own.
  if (comment && lastLength + 3 + comment.length > CARD_LENGTH) pieces.push('');
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    const body = `'${piece}${last ? '' : '&'}'`;
    const head = i === 0 ? `${key.padEnd(8)}= ` : 'CONTINUE  ';
    return pad(last ? withComment(head + body, comment) : head + body);
  });
}

/** Splits so that no piece breaks a `''` escape and each fits its card once escaped. */
function splitForContinue(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of text) {
    const escaped = ch === "'" ? "''" : ch;
    if (current.length + escaped.length > STRING_ROOM) {
      pieces.push(current);
      current = '';
    }
    current += escaped;
  }
  pieces.push(current);
  return pieces;
}

function formatHierarch(
  name: string,
  value: FitsValue | undefined,
  comment: string | undefined,
): string {
  const field =
    value === undefined || value === null
      ? ''
      : typeof value === 'string'
        ? quote(value).replace(/ +'$/, "'")
        : formatValue(value);
  const card = withComment(`HIERARCH ${name} = ${field}`, comment);
  if (card.length > CARD_LENGTH && `HIERARCH ${name} = ${field}`.length > CARD_LENGTH) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `HIERARCH ${name} does not fit on one card`);
  }
  return pad(card);
}

function withComment(card: string, comment: string | undefined): string {
  if (comment === undefined || comment === '') return card;
  const full = `${card} / ${comment}`;
  // A comment that does not fit is cut, never pushed onto another card.
  return full.length > CARD_LENGTH ? full.slice(0, CARD_LENGTH) : full;
}

function wrapCommentary(key: string, text: string): string[] {
  const width = CARD_LENGTH - 8;
  const cards: string[] = [];
  for (let i = 0; i === 0 || i < text.length; i += width) {
    cards.push(pad(key.padEnd(8) + text.slice(i, i + width)));
  }
  return cards;
}

function pad(card: string): string {
  return card.padEnd(CARD_LENGTH);
}
