import { AstroError, ErrorCode } from '../errors/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';

/** A frame as cull rules see it: the record plus measured metrics the record has no field for. */
export type CullFrame = FrameRecord & { metrics?: Record<string, number | null> };

type Value = number | string | boolean | null;

/** Short names for the metrics people write rules about. */
const ALIASES: Record<string, keyof FrameRecord> = {
  hfr: 'hfrPx',
  rms: 'rmsArcsec',
  stars: 'starCount',
  exposure: 'exposureSec',
  temp: 'sensorTempC',
  setTemp: 'setTempC',
};

/** Metrics from analysis that are not FrameRecord fields; any other name is an error. */
export const EXTRA_METRICS = [
  'fwhm',
  'fwhmPx',
  'fwhmArcsec',
  'eccentricity',
  'snr',
  'backgroundAdu',
];

const RECORD_FIELDS = new Set<string>([
  'frameType', 'target', 'panel', 'filter', 'exposureSec', 'gain', 'offset', 'setTempC', 'sensorTempC',
  'binning', 'readoutMode', 'camera', 'optic', 'rig', 'focalLengthMm', 'focalRatio', 'pixelSizeUm',
  'night', 'hfrPx', 'starCount', 'rmsArcsec', 'airmass', 'focuserPosition', 'focuserTempC', 'pierSide',
]); // prettier-ignore

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: CompareOp; left: Node; right: Node }
  | { kind: 'literal'; value: Value }
  | { kind: 'field'; name: string }
  | { kind: 'header'; keyword: string };

type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

interface Token {
  type: 'number' | 'string' | 'name' | 'op' | 'end';
  text: string;
  value?: number | string;
  at: number;
}

/** A parsed rule: `test` answers whether a frame matches (is a reject). */
export interface CullRule {
  source: string;
  /** Metric and header names the rule reads, e.g. `['hfr', 'header.AIRMASS']`. */
  names: string[];
  test(frame: CullFrame): boolean;
}

function fail(source: string, at: number, message: string): never {
  const pointer = `${source}\n${' '.repeat(at)}^`;
  throw new AstroError(
    ErrorCode.WORKFLOW_RULE_INVALID,
    `cull rule: ${message} at column ${at + 1}\n${pointer}`,
    {
      details: { rule: source, column: at + 1 },
    },
  );
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const op = /^(?:>=|<=|==|!=|&&|\|\||[<>!()[\].=-])/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', text: number[0], value: Number(number[0]), at: i });
      i += number[0].length;
    } else if (name) {
      tokens.push({ type: 'name', text: name[0], at: i });
      i += name[0].length;
    } else if (rest[0] === '"' || rest[0] === "'") {
      const end = source.indexOf(rest[0], i + 1);
      if (end < 0) fail(source, i, 'unterminated string');
      tokens.push({
        type: 'string',
        text: source.slice(i, end + 1),
        value: source.slice(i + 1, end),
        at: i,
      });
      i = end + 1;
    } else if (op) {
      tokens.push({ type: 'op', text: op[0] === '=' ? '==' : op[0], at: i });
      i += op[0].length;
    } else {
      fail(source, i, `unexpected character '${rest[0]}'`);
    }
  }
  tokens.push({ type: 'end', text: 'end of rule', at: source.length });
  return tokens;
}

class Parser {
  private index = 0;
  readonly names = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node {
    const node = this.or();
    const next = this.peek();
    if (next.type !== 'end') fail(this.source, next.at, `unexpected '${next.text}'`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private take(): Token {
    return this.tokens[this.index++] as Token;
  }

  private accept(...words: string[]): boolean {
    const next = this.peek();
    const text = next.type === 'name' ? next.text.toLowerCase() : next.text;
    if ((next.type === 'op' || next.type === 'name') && words.includes(text)) {
      this.index++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    const next = this.peek();
    if (!this.accept(text))
      fail(this.source, next.at, `expected '${text}' but found '${next.text}'`);
  }

  private or(): Node {
    let left = this.and();
    while (this.accept('or', '||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.accept('and', '&&')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Node {
    if (this.accept('not', '!')) return { kind: 'not', operand: this.not() };
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.operand();
    const next = this.peek();
    if (next.type === 'op' && ['>', '>=', '<', '<=', '==', '!='].includes(next.text)) {
      this.take();
      return { kind: 'compare', op: next.text as CompareOp, left, right: this.operand() };
    }
    if (left.kind === 'literal' && typeof left.value !== 'boolean') {
      fail(this.source, next.at, `expected a comparison after '${String(left.value)}'`);
    }
    return left;
  }

  private operand(): Node {
    const token = this.take();
    if (token.type === 'number' || token.type === 'string')
      return { kind: 'literal', value: token.value ?? null };
    if (token.type === 'op' && token.text === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.type === 'op' && token.text === '-') return this.negative(token);
    if (token.type !== 'name')
      fail(this.source, token.at, `expected a metric or a value, found '${token.text}'`);
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    if (word === 'header') return this.header(token);
    const field = ALIASES[token.text] ?? token.text;
    if (!RECORD_FIELDS.has(field) && !EXTRA_METRICS.includes(token.text)) {
      fail(this.source, token.at, `unknown metric '${token.text}'`);
    }
    this.names.add(token.text);
    return { kind: 'field', name: field };
  }

  private negative(token: Token): Node {
    const next = this.take();
    if (next.type !== 'number') fail(this.source, token.at, `'-' must precede a number`);
    return { kind: 'literal', value: -(next.value as number) };
  }

  private header(token: Token): Node {
    let keyword: string;
    if (this.accept('.')) {
      const name = this.take();
      if (name.type !== 'name')
        fail(this.source, name.at, 'expected a header keyword after "header."');
      keyword = name.text;
    } else if (this.accept('[')) {
      const name = this.take();
      if (name.type !== 'string')
        fail(this.source, name.at, 'expected a quoted keyword in header[...]');
      keyword = String(name.value);
      this.expect(']');
    } else {
      fail(this.source, token.at, 'write header.KEYWORD or header["KEY-WORD"]');
    }
    this.names.add(`header.${keyword.toUpperCase()}`);
    return { kind: 'header', keyword: keyword.toUpperCase() };
  }
}

function lookup(frame: CullFrame, node: Node): Value {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'field') {
    const metric = frame.metrics?.[node.name];
    if (metric !== undefined) return metric;
    const value = (frame as unknown as Record<string, unknown>)[node.name];
    return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean'
      ? value
      : null;
  }
  if (node.kind === 'header') {
    const card = frame.rawHeader.find((c) => c.keyword.toUpperCase() === node.keyword);
    return card?.value ?? null;
  }
  return evaluate(frame, node);
}

function compare(op: CompareOp, left: Value, right: Value): boolean {
  // An unknown metric never rejects a frame: `hfr > 4` is false when the HFR is not known.
  if (left === null || right === null)
    return op === '==' ? left === right : op === '!=' ? left !== right : false;
  if (typeof left === 'string' || typeof right === 'string') {
    const a = String(left).toLowerCase();
    const b = String(right).toLowerCase();
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
  }
  const a = Number(left);
  const b = Number(right);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (op === '>') return a > b;
  if (op === '>=') return a >= b;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  return op === '==' ? a === b : a !== b;
}

function evaluate(frame: CullFrame, node: Node): boolean {
  switch (node.kind) {
    case 'or':
      return evaluate(frame, node.left) || evaluate(frame, node.right);
    case 'and':
      return evaluate(frame, node.left) && evaluate(frame, node.right);
    case 'not':
      return !evaluate(frame, node.operand);
    case 'compare':
      return compare(node.op, lookup(frame, node.left), lookup(frame, node.right));
    default:
      return lookup(frame, node) === true;
  }
}

/**
 * Parses a cull rule (never `eval`): comparisons (`> >= < <= == !=`, `=` for `==`) of metrics,
 * header keywords and literals, joined by `and`/`or`/`not` (or `&&`/`||`/`!`) and parentheses.
 * Metrics are FrameRecord fields, short aliases (`hfr`, `rms`, `stars`, `temp`, `exposure`) and
 * analysis metrics (`fwhm`, `eccentricity`, ...); `header.AIRMASS` or `header["CCD-TEMP"]` read a
 * card. A comparison with an unknown value is false; strings compare case-insensitively.
 * Throws WORKFLOW_RULE_INVALID with the column of the problem.
 *
 * @example
 * ```ts
 * const rule = parseCullRule('hfr > 4.6 or rmsArcsec > 2');
 * rule.test(frame); // true → reject
 * ```
 */
export function parseCullRule(source: string): CullRule {
  if (source.trim() === '') fail(source, 0, 'the rule is empty');
  const parser = new Parser(source, tokenize(source));
  const tree = parser.parse();
  return { source, names: [...parser.names], test: (frame) => evaluate(frame, tree) };
}
