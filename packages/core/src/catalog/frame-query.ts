import { AstroError, ErrorCode } from '../errors/index.js';
import type { FrameType } from '../metadata/frame-record.js';
import type { SqlValue } from './driver.js';
import { columnFor } from './frame-columns.js';
import { bucketIsExact, bucketOf, toIndexValue, type IndexValue } from './header-store.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

/** One condition on a raw header keyword or on a field. `like` uses SQL wildcards (`%`, `_`). */
export interface ValueCondition {
  op?: CompareOp;
  value: string | number | boolean;
}

/**
 * What to find. Every given criterion must hold (AND). Text equality on names (target, panel,
 * filter, camera, optic, rig) ignores ASCII case; bounds are inclusive.
 */
export interface FrameFilter {
  /** Matches the target or any of its aliases, ignoring case; mosaic panels of the target included. */
  target?: string;
  panel?: string;
  filter?: string;
  frameType?: FrameType | FrameType[];
  rig?: string;
  camera?: string;
  optic?: string;
  /** Observing nights, YYYY-MM-DD, inclusive. */
  nightFrom?: string;
  nightTo?: string;
  /** ISO 8601 instants; a bare date covers that whole UTC day. Inclusive. */
  dateFrom?: string;
  dateTo?: string;
  exposureMinSec?: number;
  exposureMaxSec?: number;
  gain?: number;
  /** Sensor offset (FrameRecord `offset`). */
  offset?: number;
  binning?: string;
  /** Any raw header keyword (case-insensitive). Numbers compare with numbers, text with text; booleans as 1/0. */
  header?: Array<{ keyword: string } & ValueCondition>;
  /** Agent fields by name, or a normalized FrameRecord field by its camelCase name (`hfrPx`). */
  fields?: Array<{ name: string } & ValueCondition>;
  /** Paths starting with this text (give a trailing separator to mean "inside this folder"). */
  pathPrefix?: string;
  /** Also return frames whose required agents have not all succeeded yet. Default false. */
  includeUnstitched?: boolean;
  /** At most this many frames. */
  limit?: number;
  /** Frames to skip before the first returned (paging). Named `skip` because `offset` is the sensor offset. */
  skip?: number;
  /** Default `dateObsUtc` (then path). */
  orderBy?: 'dateObsUtc' | 'path';
}

export interface WhereClause {
  sql: string;
  params: SqlValue[];
}

/** Names the query target may go by: itself, its target if it is an alias, and every alias of that target. */
const TARGET_NAMES = `SELECT ? UNION SELECT target FROM target_aliases WHERE alias = ?
  UNION SELECT alias FROM target_aliases WHERE target = ?
  UNION SELECT a2.alias FROM target_aliases a1 JOIN target_aliases a2 ON a2.target = a1.target WHERE a1.alias = ?`;

/** Header runs expanded to the frames they cover, with each frame's value for the keyword at hand. */
const HEADER_MATCH = `SELECT fh.frame_id FROM header_index h
  JOIN frame_headers fh ON fh.frame_id BETWEEN h.first_frame_id AND h.last_frame_id
  JOIN header_template_cards tc ON tc.template_id = fh.template_id AND tc.keyword_id = h.keyword_id
  WHERE h.keyword_id = (SELECT id FROM header_keywords WHERE keyword = ?)`;
const HEADER_VALUE = `json_extract(fh.raw_header, '$[' || tc.position || ']')`;

/**
 * Builds the WHERE clause for a filter over `frames f`. Values and names are always bound as
 * parameters; only column names from a fixed list ever enter the SQL text.
 */
export function buildFrameWhere(filter: FrameFilter): WhereClause {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const equal = (column: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`f.${column} = ?`);
    params.push(value);
  };
  const bound = (column: string, op: '>=' | '<=', value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`f.${column} ${op} ?`);
    params.push(value);
  };

  if (!filter.includeUnstitched) where.push('f.stitched = 1');
  if (filter.target !== undefined) {
    where.push(`f.target IN (${TARGET_NAMES})`);
    params.push(filter.target, filter.target, filter.target, filter.target);
  }
  equal('panel', filter.panel);
  equal('filter_name', filter.filter);
  if (filter.frameType !== undefined) {
    const types = Array.isArray(filter.frameType) ? filter.frameType : [filter.frameType];
    where.push(types.length === 0 ? '0' : `f.frame_type IN (${types.map(() => '?').join(', ')})`);
    params.push(...types);
  }
  equal('rig', filter.rig);
  equal('camera', filter.camera);
  equal('optic', filter.optic);
  bound('night', '>=', filter.nightFrom);
  bound('night', '<=', filter.nightTo);
  bound(
    'date_obs_utc',
    '>=',
    filter.dateFrom === undefined ? undefined : isoBound(filter.dateFrom, 'from'),
  );
  bound(
    'date_obs_utc',
    '<=',
    filter.dateTo === undefined ? undefined : isoBound(filter.dateTo, 'to'),
  );
  bound('exposure_sec', '>=', filter.exposureMinSec);
  bound('exposure_sec', '<=', filter.exposureMaxSec);
  equal('gain', filter.gain);
  equal('sensor_offset', filter.offset);
  equal('binning', filter.binning);
  if (filter.pathPrefix !== undefined) {
    // A range on the unique path index; LIKE would treat % and _ in paths as wildcards.
    where.push('f.path >= ? AND f.path < ?');
    params.push(filter.pathPrefix, `${filter.pathPrefix}\u{10FFFF}`);
  }
  for (const condition of filter.header ?? []) {
    const op = condition.op ?? '=';
    const value = op === 'like' ? String(condition.value) : toIndexValue(condition.value);
    params.push(condition.keyword);
    if (value === undefined) {
      where.push(`f.id IN (${HEADER_MATCH} AND 0)`);
      continue;
    }
    const bucket = bucketCondition(op, value, params);
    // Short text is its own bucket: equality needs no look at the frame's JSON.
    const exact =
      op === '=' && bucketIsExact(value) ? '1' : typedCondition(HEADER_VALUE, op, value, params);
    where.push(`f.id IN (${HEADER_MATCH} AND ${bucket} AND ${exact})`);
  }
  for (const condition of filter.fields ?? []) {
    const value =
      typeof condition.value === 'boolean' ? (condition.value ? 1 : 0) : condition.value;
    const column = columnFor(condition.name);
    if (column !== undefined) {
      where.push(`f.${column} ${sqlOp(condition.op ?? '=')} ?`);
      params.push(value);
      continue;
    }
    params.push(condition.name);
    where.push(
      `f.id IN (SELECT frame_id FROM frame_fields WHERE name = ? AND ${typedCondition('value', condition.op ?? '=', value, params)})`,
    );
  }
  return { sql: where.length > 0 ? where.join(' AND ') : '1', params };
}

/** Narrows header runs by bucket; the exact comparison on the frame's value follows it. */
function bucketCondition(op: CompareOp, value: IndexValue, params: SqlValue[]): string {
  if (op === 'like' || op === '!=') return '1';
  params.push(bucketOf(value));
  if (op === '=') return 'h.bucket = ?';
  if (op === '<' || op === '<=')
    return typeof value === 'number' ? 'h.bucket <= ?' : `h.bucket <= ? AND h.bucket >= ''`;
  return typeof value === 'number' ? `h.bucket >= ? AND h.bucket < ''` : 'h.bucket >= ?';
}

/**
 * A comparison on an untyped column holding numbers and text. SQLite orders every number before
 * every text, so `''` bounds a range to one storage class (and an index on the column serves it).
 */
function typedCondition(
  column: string,
  op: CompareOp,
  value: string | number,
  params: SqlValue[],
): string {
  const sql = sqlOp(op);
  params.push(value);
  if (op === 'like' || op === '=' || op === '!=') return `${column} ${sql} ?`;
  const lower = op === '<' || op === '<=';
  if (typeof value === 'number')
    return lower ? `${column} ${sql} ?` : `${column} ${sql} ? AND ${column} < ''`;
  return lower ? `${column} ${sql} ? AND ${column} >= ''` : `${column} ${sql} ?`;
}

function sqlOp(op: CompareOp): string {
  if (!['=', '!=', '<', '<=', '>', '>=', 'like'].includes(op)) {
    throw new AstroError(ErrorCode.INVALID_ARGUMENT, `unknown comparison "${String(op)}"`);
  }
  return op === 'like' ? 'LIKE' : op;
}

/** Normalizes an ISO bound to the stored form (`toISOString`), a bare date to its day's first or last millisecond. */
function isoBound(text: string, side: 'from' | 'to'): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(
    dateOnly ? `${text}T${side === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : text,
  );
  if (Number.isNaN(date.getTime())) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `date${side === 'from' ? 'From' : 'To'} "${text}" is not an ISO 8601 date`,
    );
  }
  return date.toISOString();
}

/** ORDER BY and LIMIT for a search; column names come from this fixed map only. */
export function buildOrderAndPage(filter: FrameFilter): WhereClause {
  const order = filter.orderBy === 'path' ? 'f.path' : 'f.date_obs_utc, f.path';
  for (const [name, n] of [
    ['limit', filter.limit],
    ['skip', filter.skip],
  ] as const) {
    if (n !== undefined && (!Number.isInteger(n) || n < 0))
      throw new AstroError(
        ErrorCode.INVALID_ARGUMENT,
        `${name} must be a non-negative integer, got ${n}`,
      );
  }
  return {
    sql: `ORDER BY ${order} LIMIT ? OFFSET ?`,
    params: [filter.limit ?? -1, filter.skip ?? 0],
  };
}
