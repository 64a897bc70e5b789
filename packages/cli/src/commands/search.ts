import type { Command } from 'commander';
import {
  parseCondition,
  parseRange,
  type FrameFilter,
  type StoredFrame,
} from '@astro/core/catalog';
import { createContext, withCatalog } from '../context.js';
import { formatTable } from '../output.js';

interface SearchOptions {
  target?: string;
  panel?: string;
  filter?: string;
  type?: string[];
  rig?: string;
  camera?: string;
  optic?: string;
  night?: string;
  from?: string;
  to?: string;
  exposure?: string;
  gain?: string;
  offset?: string;
  binning?: string;
  header: string[];
  field: string[];
  under?: string;
  limit?: string;
  withHeader?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  program
    .command('search')
    .description(
      'Find frames by target, filter, type, rig, night, exposure, any header keyword or agent field.',
    )
    .option('--target <name>', 'target or one of its aliases (case-insensitive)')
    .option('--panel <panel>', 'mosaic panel')
    .option('--filter <name>', 'filter name')
    .option(
      '--type <type>',
      'frame type (LIGHT, DARK, FLAT, BIAS, DARKFLAT, "MASTER DARK", ...); repeatable',
      collect,
      [],
    )
    .option('--rig <name>', 'rig, e.g. "SQA55@f5.3+ATR585M"')
    .option('--camera <name>', 'camera (INSTRUME)')
    .option('--optic <name>', 'telescope or lens (TELESCOP)')
    .option('--night <range>', 'observing night YYYY-MM-DD, or a range FROM..TO')
    .option('--from <date>', 'DATE-OBS on or after (ISO, UTC)')
    .option('--to <date>', 'DATE-OBS before (ISO, UTC)')
    .option('--exposure <range>', 'exposure seconds: 300, or a range 60..300')
    .option('--gain <n>', 'gain')
    .option('--offset <n>', 'offset')
    .option('--binning <XxY>', 'binning, e.g. 1x1')
    .option(
      '--header <cond>',
      'header keyword condition, e.g. "AIRMASS>1.5", "FILTER=Ha", "OBJECT~M3%"; repeatable',
      collect,
      [],
    )
    .option(
      '--field <cond>',
      'agent or measured field condition, e.g. "hfrPx<2.5", "site=backyard"; repeatable',
      collect,
      [],
    )
    .option('--under <folder>', 'only frames under this folder')
    .option('--limit <n>', 'at most this many frames')
    .option('--with-header', 'include every raw header card in --json output')
    .option('--json', 'print an array of frame records')
    .action(async (options: SearchOptions, command: Command) => {
      const ctx = createContext(command);
      const frames = await withCatalog(ctx, (catalog) => catalog.search(toFilter(options)));
      const records = frames.map((frame) => toOutputRecord(frame, Boolean(options.withHeader)));
      ctx.out.result(records, () => renderFrames(frames));
    });
}

export function toFilter(options: SearchOptions): FrameFilter {
  const filter: FrameFilter = { orderBy: 'dateObsUtc' };
  const copy = ['target', 'panel', 'filter', 'rig', 'camera', 'optic', 'binning'] as const;
  for (const key of copy) if (options[key] !== undefined) filter[key] = options[key];
  if (options.type && options.type.length > 0)
    filter.frameType = options.type.map((t) => t.toUpperCase()) as FrameFilter['frameType'];
  if (options.night) {
    const [from, to] = options.night.includes('..')
      ? options.night.split('..')
      : [options.night, options.night];
    if (from) filter.nightFrom = from;
    if (to) filter.nightTo = to;
  }
  if (options.from) filter.dateFrom = options.from;
  if (options.to) filter.dateTo = options.to;
  if (options.exposure) {
    const range = parseRange(options.exposure);
    if (range.min !== undefined) filter.exposureMinSec = range.min;
    if (range.max !== undefined) filter.exposureMaxSec = range.max;
  }
  if (options.gain !== undefined) filter.gain = Number(options.gain);
  if (options.offset !== undefined) filter.offset = Number(options.offset);
  if (options.header.length > 0)
    filter.header = options.header
      .map(parseCondition)
      .map(({ name, op, value }) => ({ keyword: name, op, value }));
  if (options.field.length > 0)
    filter.fields = options.field
      .map(parseCondition)
      .map(({ name, op, value }) => ({ name, op, value }));
  if (options.under) filter.pathPrefix = options.under;
  if (options.limit) filter.limit = Number(options.limit);
  return filter;
}

/** The JSON shape scripts rely on: the frame record without the bulky raw header unless asked. */
function toOutputRecord(frame: StoredFrame, withHeader: boolean): Record<string, unknown> {
  const { rawHeader, sources: _sources, ...rest } = frame;
  return withHeader ? { ...rest, rawHeader } : rest;
}

function renderFrames(frames: StoredFrame[]): string {
  const rows = frames.map((f) => ({
    night: f.night,
    type: f.frameType,
    target: f.panel ? `${f.target} [${f.panel}]` : f.target,
    filter: f.filter,
    exp: f.exposureSec,
    gain: f.gain,
    temp: f.sensorTempC,
    hfr: f.hfrPx,
    stars: f.starCount,
    rig: f.rig,
    file: f.path.split(/[\\/]/).pop(),
  }));
  return `${formatTable(rows, ['night', 'type', 'target', 'filter', 'exp', 'gain', 'temp', 'hfr', 'stars', 'rig', 'file'])}\n${frames.length} frame(s)`;
}
