import { AstroError, ErrorCode } from '../errors/index.js';
import { FRAME_TYPES } from '../metadata/frame-record.js';
import type { SqlDriver, SqlValue } from './driver.js';
import { buildFrameWhere, type FrameFilter } from './frame-query.js';

/** Frame counts and integration time, overall and by target × filter, rig and night. */
export interface Totals {
  byTargetFilter: Array<{
    target: string | null;
    filter: string | null;
    frames: number;
    integrationSec: number;
  }>;
  byRig: Array<{ rig: string | null; frames: number; integrationSec: number }>;
  byNight: Array<{ night: string | null; frames: number; integrationSec: number }>;
  frames: number;
  integrationSec: number;
}

export interface SessionSummary {
  night: string;
  rig: string | null;
  target: string | null;
  frames: number;
  integrationSec: number;
}

const INTEGRATION = `total(CASE WHEN f.frame_type = 'LIGHT' THEN f.exposure_sec END)`;

/**
 * Totals over stitched frames matching `filter` (its limit, skip and order are ignored).
 * Without a `frameType` only LIGHT frames are counted; integration always sums LIGHT exposures
 * only, so a filter for flats counts them with 0 s of integration.
 *
 * @example
 * ```ts
 * const { integrationSec } = computeTotals(driver, { target: 'M31', filter: 'Ha' });
 * ```
 */
export function computeTotals(driver: SqlDriver, filter: FrameFilter = {}): Totals {
  const { limit: _limit, skip: _skip, orderBy: _orderBy, frameType: _frameType, ...rest } = filter;
  // Frame types go in as literals (checked against the fixed list) so the partial index on
  // stitched lights can serve the common case; a bound parameter would hide that from the planner.
  const types = [filter.frameType ?? 'LIGHT'].flat();
  for (const type of types) {
    if (!FRAME_TYPES.includes(type))
      throw new AstroError(ErrorCode.INVALID_ARGUMENT, `unknown frame type "${String(type)}"`);
  }
  const where = buildFrameWhere({ ...rest, includeUnstitched: false });
  where.sql +=
    types.length === 0
      ? ' AND 0'
      : ` AND f.frame_type IN (${types.map((t) => `'${t}'`).join(', ')})`;
  const query = <T>(select: string, group: string) =>
    driver
      .prepare(
        `SELECT ${select}, count(*) AS frames, ${INTEGRATION} AS integrationSec FROM frames f WHERE ${where.sql}${group}`,
      )
      .all<T>(...(where.params as SqlValue[]));
  const overall = query<{ frames: number; integrationSec: number }>('1 AS one', '')[0];
  return {
    byTargetFilter: query<Totals['byTargetFilter'][number]>(
      'f.target AS target, f.filter_name AS filter',
      ' GROUP BY f.target, f.filter_name ORDER BY f.target, f.filter_name',
    ),
    byRig: query<Totals['byRig'][number]>('f.rig AS rig', ' GROUP BY f.rig ORDER BY f.rig'),
    byNight: query<Totals['byNight'][number]>(
      'f.night AS night',
      ' GROUP BY f.night ORDER BY f.night',
    ),
    frames: overall?.frames ?? 0,
    integrationSec: overall?.integrationSec ?? 0,
  };
}

/** Imaging sessions (night × rig × target) from stitched LIGHT frames, oldest night first. */
export function listSessions(driver: SqlDriver): SessionSummary[] {
  return driver
    .prepare(
      'SELECT night, rig, target, frames, integration_sec AS integrationSec FROM sessions ORDER BY night, rig, target',
    )
    .all<SessionSummary>();
}

/** Equipment names that at least one frame still uses. */
export function listEquipment(driver: SqlDriver): {
  cameras: string[];
  optics: string[];
  rigs: string[];
  filters: string[];
} {
  const names = (table: string, column: string) =>
    driver
      .prepare(
        `SELECT name FROM ${table} t WHERE EXISTS (SELECT 1 FROM frames f WHERE f.${column} = t.name) ORDER BY name`,
      )
      .all<{ name: string }>()
      .map((r) => r.name);
  return {
    cameras: names('cameras', 'camera'),
    optics: names('optics', 'optic'),
    rigs: names('rigs', 'rig'),
    filters: names('filters', 'filter_name'),
  };
}
