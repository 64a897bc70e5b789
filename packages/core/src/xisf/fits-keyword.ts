import { AstroError, ErrorCode } from '../errors/index.js';
import type { HeaderCard } from '../metadata/frame-record.js';

const FITS_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;

/** A FITSKeyword value converted to a JS value, plus a note when it was not well formed. */
export interface ParsedFitsValue {
  value: string | number | boolean | null;
  problem?: string;
}

/**
 * Converts the FITS-style `value` attribute of an XISF FITSKeyword: `'text'` is a string (with
 * `''` unescaped and trailing blanks dropped, as FITS says), `T`/`F` a boolean, a number a
 * number, an empty value null. Anything else is kept verbatim as a string, with a problem.
 *
 * @example
 * ```ts
 * parseFitsKeywordValue("'O''Neil  '"); // { value: "O'Neil" }
 * parseFitsKeywordValue('1.5D2'); // { value: 150 }
 * ```
 */
export function parseFitsKeywordValue(raw: string): ParsedFitsValue {
  const text = raw.trim();
  if (text === '') return { value: null };
  if (text.startsWith("'")) {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c !== "'") {
        out += c;
      } else if (text[i + 1] === "'") {
        out += "'";
        i++;
      } else {
        const rest = text.slice(i + 1).trim();
        const problem = rest === '' ? undefined : `text after the closing quote: ${rest}`;
        return problem === undefined ? { value: out.trimEnd() } : { value: out.trimEnd(), problem };
      }
    }
    return { value: text, problem: 'string value has no closing quote' };
  }
  if (text === 'T') return { value: true };
  if (text === 'F') return { value: false };
  if (FITS_NUMBER.test(text)) {
    const value = Number(text.replace(/[Dd]/, 'E'));
    if (Number.isFinite(value)) return { value };
  }
  return { value: text, problem: `value is not a quoted string, logical or number: ${text}` };
}

/** Formats a card value the way FITS (and so XISF's FITSKeyword) writes it. */
export function formatFitsKeywordValue(value: HeaderCard['value']): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AstroError(ErrorCode.INVALID_ARGUMENT, `a FITS keyword value cannot be ${value}`);
    }
    return String(value).toUpperCase();
  }
  return `'${value.replace(/'/g, "''")}'`;
}
