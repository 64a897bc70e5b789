import { AstroError, ErrorCode } from '../errors/index.js';

export type ConditionOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export interface Condition {
  /** A header keyword or field name. */
  name: string;
  op: ConditionOp;
  value: string | number | boolean;
}

const PATTERN = /^\s*([^=<>!~\s][^=<>!~]*?)\s*(!=|<=|>=|=|<|>|~)\s*(.*?)\s*$/;

/**
 * Parses a user-typed condition such as `AIRMASS>1.5`, `FILTER=Ha`, `OBJECT~M3%` (LIKE) or
 * `site!=backyard`. Numbers and `true`/`false` become typed values; quotes are optional.
 *
 * @example
 * ```ts
 * parseCondition('CCD-TEMP<=-9.5'); // { name: 'CCD-TEMP', op: '<=', value: -9.5 }
 * ```
 */
export function parseCondition(text: string): Condition {
  const match = PATTERN.exec(text);
  if (!match) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `cannot read condition "${text}": expected NAME=VALUE, NAME>VALUE, NAME<=VALUE, NAME!=VALUE or NAME~PATTERN`,
    );
  }
  const [, name, rawOp, rawValue] = match as unknown as [string, string, string, string];
  const op: ConditionOp = rawOp === '~' ? 'like' : (rawOp as ConditionOp);
  return { name: name.trim(), op, value: typedValue(rawValue, op) };
}

function typedValue(raw: string, op: ConditionOp): string | number | boolean {
  const quoted = /^(['"])(.*)\1$/.exec(raw);
  if (quoted) return quoted[2]!;
  if (op === 'like') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

/** Parses `300`, `60..300`, `..120` or `300..` into inclusive bounds. */
export function parseRange(text: string): { min?: number; max?: number } {
  const [lo, hi, extra] = text.split('..');
  const num = (s: string | undefined) => {
    if (s === undefined || s.trim() === '') return undefined;
    const n = Number(s);
    if (!Number.isFinite(n))
      throw new AstroError(
        ErrorCode.INVALID_ARGUMENT,
        `"${text}" is not a number or a range like 60..300`,
      );
    return n;
  };
  if (extra !== undefined)
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `"${text}" is not a range like 60..300`);
  if (hi === undefined) {
    const exact = num(lo);
    return exact === undefined ? {} : { min: exact, max: exact };
  }
  const range: { min?: number; max?: number } = {};
  const min = num(lo);
  const max = num(hi);
  if (min !== undefined) range.min = min;
  if (max !== undefined) range.max = max;
  return range;
}
