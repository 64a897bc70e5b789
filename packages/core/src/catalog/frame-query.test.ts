import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRecord } from '../metadata/frame-record.js';
import { Catalog } from './catalog.js';
import type { FrameFilter } from './frame-query.js';
import { makeFrameRecord } from './test-frames.js';

let dir: string;
let catalog: Catalog;

const FRAMES: Array<Partial<FrameRecord>> = [
  {
    path: '/lib/a/1.fits',
    target: 'M31',
    filter: 'Ha',
    exposureSec: 300,
    gain: 100,
    offset: 50,
    dateObsUtc: '2024-10-05T21:00:00.000Z',
    night: '2024-10-05',
    hfrPx: 2.0,
  },
  {
    path: '/lib/a/2.fits',
    target: 'M31',
    filter: 'OIII',
    exposureSec: 600,
    gain: 100,
    offset: 50,
    dateObsUtc: '2024-10-05T23:30:00.000Z',
    night: '2024-10-05',
    hfrPx: 3.1,
  },
  {
    path: '/lib/b/3.fits',
    target: 'M33',
    panel: 'B',
    filter: 'L',
    exposureSec: 120,
    gain: 0,
    offset: 10,
    binning: '2x2',
    dateObsUtc: '2024-10-07T01:00:00.000Z',
    night: '2024-10-06',
    camera: 'ASI533',
    optic: 'Esprit 100',
    rig: 'Esprit 100@f5.5+ASI533',
  },
  {
    path: '/lib/b/4.fits',
    frameType: 'DARK',
    target: null,
    filter: null,
    exposureSec: 300,
    gain: 100,
    offset: 50,
    dateObsUtc: '2024-10-08T12:00:00.000Z',
    night: '2024-10-07',
  },
  {
    path: '/lib/c_%/5.fits',
    frameType: 'MASTER FLAT',
    target: null,
    filter: 'Ha',
    exposureSec: 2.5,
    gain: 100,
    offset: 50,
    dateObsUtc: null,
    night: null,
  },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-query-'));
  catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
  const ids = catalog.upsertFrames(
    FRAMES.map((f, i) => ({
      record: makeFrameRecord(f),
      file: { sizeBytes: i, mtimeMs: i },
      fingerprint: `fp${i}`,
    })),
  );
  for (const id of ids) catalog.markStitched(id, true);
  catalog.setFields(ids[0]!, 'quality', { eccentricity: 0.42, verdict: 'accept', flipped: true });
  catalog.setFields(ids[1]!, 'quality', { eccentricity: 0.61, verdict: 'reject', flipped: false });
  catalog.setFields(ids[2]!, 'site', { site: "O'Brien's backyard" });
  // An unstitched frame stays out of search unless asked for.
  catalog.upsertFrames([
    {
      record: makeFrameRecord({ path: '/lib/a/9.fits' }),
      file: { sizeBytes: 9, mtimeMs: 9 },
      fingerprint: 'fp9',
    },
  ]);
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = (filter: FrameFilter) => catalog.search(filter).map((f) => f.path.split('/').pop());

describe('search filters', () => {
  it.each<[string, FrameFilter, string[]]>([
    ['everything stitched', {}, ['1.fits', '2.fits', '3.fits', '4.fits', '5.fits']],
    [
      'unstitched too',
      { includeUnstitched: true, orderBy: 'path' },
      ['1.fits', '2.fits', '9.fits', '3.fits', '4.fits', '5.fits'],
    ],
    ['target, any case', { target: 'm31' }, ['1.fits', '2.fits']],
    ['panel', { panel: 'b' }, ['3.fits']],
    ['filter', { filter: 'HA' }, ['1.fits', '5.fits']],
    ['one frame type', { frameType: 'DARK' }, ['4.fits']],
    ['several frame types', { frameType: ['DARK', 'MASTER FLAT'] }, ['4.fits', '5.fits']],
    ['no frame types', { frameType: [] }, []],
    ['rig', { rig: 'esprit 100@f5.5+asi533' }, ['3.fits']],
    ['camera', { camera: 'ASI533' }, ['3.fits']],
    ['optic', { optic: 'Esprit 100' }, ['3.fits']],
    ['night range', { nightFrom: '2024-10-06', nightTo: '2024-10-07' }, ['3.fits', '4.fits']],
    ['date from, bare day', { dateFrom: '2024-10-07' }, ['3.fits', '4.fits']],
    ['date to, bare day includes the whole day', { dateTo: '2024-10-05' }, ['1.fits', '2.fits']],
    [
      'date range with offset',
      { dateFrom: '2024-10-06T00:00:00+02:00', dateTo: '2024-10-07T01:00:00Z' },
      ['2.fits', '3.fits'],
    ],
    [
      'exposure range',
      { exposureMinSec: 120, exposureMaxSec: 300 },
      ['1.fits', '3.fits', '4.fits'],
    ],
    ['gain and offset', { gain: 0, offset: 10 }, ['3.fits']],
    ['binning', { binning: '2x2' }, ['3.fits']],
    ['path prefix (no wildcards)', { pathPrefix: '/lib/c_%/' }, ['5.fits']],
    ['path prefix of a folder', { pathPrefix: '/lib/b/' }, ['3.fits', '4.fits']],
    ['normalized field', { fields: [{ name: 'hfrPx', op: '<', value: 2.05 }] }, ['1.fits']],
    [
      'agent number field',
      { fields: [{ name: 'eccentricity', op: '>=', value: 0.5 }] },
      ['2.fits'],
    ],
    ['agent text field', { fields: [{ name: 'verdict', value: 'accept' }] }, ['1.fits']],
    ['agent boolean field', { fields: [{ name: 'flipped', value: true }] }, ['1.fits']],
    ['agent field like', { fields: [{ name: 'verdict', op: 'like', value: 'REJ%' }] }, ['2.fits']],
    ['quotes are data', { fields: [{ name: 'site', value: "O'Brien's backyard" }] }, ['3.fits']],
    ['unknown field', { fields: [{ name: "x' OR 1=1 --", value: 1 }] }, []],
    [
      'all criteria at once',
      {
        target: 'M31',
        filter: 'Ha',
        frameType: 'LIGHT',
        exposureMinSec: 300,
        nightFrom: '2024-10-05',
        pathPrefix: '/lib/a/',
      },
      ['1.fits'],
    ],
  ])('%s', (_label, filter, expected) => {
    const found = names(filter);
    expect(filter.orderBy === 'path' ? found : [...found].sort()).toEqual(
      filter.orderBy === 'path' ? expected : [...expected].sort(),
    );
    expect(catalog.count(filter)).toBe(expected.length);
  });

  it('orders by observation time by default and pages with limit and skip', () => {
    expect(names({})).toEqual(['5.fits', '1.fits', '2.fits', '3.fits', '4.fits']);
    expect(names({ orderBy: 'path', limit: 2, skip: 1 })).toEqual(['2.fits', '3.fits']);
    expect(() => catalog.search({ limit: -1 })).toThrow(/limit/);
  });

  it('rejects a bad date and an unknown operator', () => {
    expect(() => catalog.search({ dateFrom: 'yesterday' })).toThrow(/ISO 8601/);
    expect(() =>
      catalog.search({ fields: [{ name: 'verdict', op: '; DROP TABLE frames' as '=', value: 1 }] }),
    ).toThrow(/unknown comparison/);
  });
});

describe('search by raw header keyword', () => {
  it.each<[string, NonNullable<FrameFilter['header']>, string[]]>([
    ['text equality', [{ keyword: 'FILTER', value: 'OIII' }], ['2.fits']],
    ['keyword in any case', [{ keyword: 'filter', value: 'OIII' }], ['2.fits']],
    ['number equality', [{ keyword: 'EXPOSURE', value: 300 }], ['1.fits', '4.fits']],
    [
      'number range',
      [
        { keyword: 'EXPOSURE', op: '>', value: 100 },
        { keyword: 'EXPOSURE', op: '<=', value: 300 },
      ],
      ['1.fits', '3.fits', '4.fits'],
    ],
    ['below', [{ keyword: 'EXPOSURE', op: '<', value: 120 }], ['5.fits']],
    ['not equal', [{ keyword: 'IMAGETYP', op: '!=', value: 'LIGHT' }], ['4.fits', '5.fits']],
    ['like', [{ keyword: 'OBJECT', op: 'like', value: 'm3%' }], ['1.fits', '2.fits', '3.fits']],
    ['text range', [{ keyword: 'DATE-OBS', op: '>=', value: '2024-10-07' }], ['3.fits', '4.fits']],
    [
      'boolean',
      [{ keyword: 'SIMPLE', value: true }],
      ['1.fits', '2.fits', '3.fits', '4.fits', '5.fits'],
    ],
    ['numbers do not match text', [{ keyword: 'GAIN', value: '100' }], []],
    ['unknown keyword', [{ keyword: "NOPE'--", value: 1 }], []],
    ['mosaic object name', [{ keyword: 'OBJECT', value: 'M33 Panel B' }], ['3.fits']],
  ])('%s', (_label, header, expected) => {
    expect(names({ header }).sort()).toEqual([...expected].sort());
  });
});
