import type { Diagnostic } from '../errors/index.js';
import type { XisfProperty } from './types.js';

// Spec §8.4 alternate type names.
const ALIASES = new Map<string, string>(
  Object.entries({
    Byte: 'UInt8',
    Short: 'Int16',
    UShort: 'UInt16',
    Int: 'Int32',
    UInt: 'UInt32',
    Float: 'Float32',
    Double: 'Float64',
    Quad: 'Float128',
    Complex: 'Complex64',
  }),
);

const INTEGER_TYPES = new Set([
  'Int8',
  'UInt8',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
  'Int64',
  'UInt64',
]);
const FLOAT_TYPES = new Set(['Float32', 'Float64']);
// Kept as their text: no JS number holds them exactly, or they are pairs.
const TEXT_VALUE_TYPES = new Set([
  'Int128',
  'UInt128',
  'Float128',
  'Complex32',
  'Complex64',
  'Complex128',
  'TimePoint',
]);

const INTEGER = /^[+-]?(?:\d+|0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+)$/;
const FLOAT = /^[+-]?(?:(?:\d+)?\.?\d+|\d+\.)(?:[eE][+-]?\d+)?$/;

/** The attributes and text of one Property element, entities already decoded. */
export interface PropertyElement {
  id?: string;
  type?: string;
  value?: string;
  comment?: string;
  location?: string;
  text?: string;
}

function parseInteger(text: string): number | string | undefined {
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const negative = t.startsWith('-');
  const unsigned = t.replace(/^[+-]/, '');
  const big = BigInt(unsigned.replace(/^0[oO]/, '0o'));
  const signed = negative ? -big : big;
  // Beyond 2^53 a JS number would silently change the value; keep the exact text instead.
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : t;
}

function parseFloatValue(text: string): number | undefined {
  const t = text.trim();
  if (t === 'NaN') return NaN;
  if (t === '+Inf' || t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  return FLOAT.test(t) ? Number(t) : undefined;
}

function decodeInlineString(location: string, text: string): string | undefined {
  const encoding = location.slice('inline:'.length);
  const compact = text.replace(/\s+/g, '');
  if (encoding === 'base64') return Buffer.from(compact, 'base64').toString('utf8');
  if (encoding === 'hex') return Buffer.from(compact, 'hex').toString('utf8');
  return undefined;
}

/**
 * Converts a Property element to an {@link XisfProperty}. Returns `undefined` (with a
 * diagnostic) only when it has no id or type; values we cannot read are kept as `null`.
 *
 * @example
 * ```ts
 * parsePropertyElement({ id: 'Instrument:ExposureTime', type: 'Float32', value: '300' }, diagnostics);
 * // { id: 'Instrument:ExposureTime', type: 'Float32', value: 300 }
 * ```
 */
export function parsePropertyElement(
  element: PropertyElement,
  diagnostics: Diagnostic[],
  imageIndex?: number,
): XisfProperty | undefined {
  const where = imageIndex === undefined ? {} : { hdu: imageIndex };
  const { id, type } = element;
  if (!id || !type) {
    diagnostics.push({
      severity: 'warning',
      code: 'XISF_PROPERTY_INCOMPLETE',
      message: `Property without ${id ? 'type' : 'id'} skipped`,
      ...where,
    });
    return undefined;
  }
  const property: XisfProperty = { id, type, value: null };
  if (element.comment !== undefined) property.comment = element.comment;
  const kind = ALIASES.get(type) ?? type;
  const problem = (message: string, severity: Diagnostic['severity'] = 'warning'): XisfProperty => {
    diagnostics.push({
      severity,
      code: 'XISF_PROPERTY_VALUE',
      message: `Property ${id} (${type}): ${message}`,
      ...where,
    });
    return property;
  };

  if (kind === 'String') {
    if (element.location === undefined) {
      property.value = element.text ?? '';
      return property;
    }
    if (element.location.startsWith('inline:')) {
      const decoded = decodeInlineString(element.location, element.text ?? '');
      if (decoded !== undefined) property.value = decoded;
      return decoded !== undefined
        ? property
        : problem(`unknown inline encoding in ${element.location}`);
    }
    return problem(`value stored in a data block (${element.location}) is not read`, 'info');
  }
  if (element.value === undefined) {
    return problem('value is held in a data block or missing; kept without a value', 'info');
  }
  const raw = element.value;
  if (kind === 'Boolean') {
    const t = raw.trim();
    if (t === '1' || t === 'true') property.value = true;
    else if (t === '0' || t === 'false') property.value = false;
    else return problem(`not a Boolean: ${raw}`);
    return property;
  }
  if (INTEGER_TYPES.has(kind)) {
    const value = parseInteger(raw);
    if (value === undefined) return problem(`not an integer: ${raw}`);
    property.value = value;
    return property;
  }
  if (FLOAT_TYPES.has(kind)) {
    const value = parseFloatValue(raw);
    if (value === undefined) return problem(`not a number: ${raw}`);
    property.value = value;
    return property;
  }
  if (TEXT_VALUE_TYPES.has(kind)) {
    property.value = raw.trim();
    return property;
  }
  property.value = raw;
  return problem('unknown property type; value kept as text', 'info');
}
