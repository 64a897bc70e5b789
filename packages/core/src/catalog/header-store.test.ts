import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeaderCard } from '../metadata/frame-record.js';
import { Catalog } from './catalog.js';
import { bucketOf } from './header-store.js';
import { makeFrameRecord, ninaHeader, seededRandom } from './test-frames.js';

describe('bucketOf', () => {
  it('is order-preserving for numbers of both signs and for text', () => {
    const random = seededRandom(7);
    const numbers = [
      0, -0, 1, -1, 1e-300, -1e300, 0.1, 0.10000001, 5120, 5121, -10.05, -10.1, -9.99,
    ];
    for (let i = 0; i < 2000; i++)
      numbers.push((random() - 0.5) * 10 ** Math.floor(random() * 12 - 4));
    numbers.sort((a, b) => a - b);
    for (let i = 1; i < numbers.length; i++)
      expect(bucketOf(numbers[i]!) >= bucketOf(numbers[i - 1]!)).toBe(true);
    const texts = [
      '',
      'A',
      'M31',
      'M31 Panel A',
      'M31 Panel B',
      '2024-10-05T21:00:00',
      '2024-10-06T01:00:00',
    ].sort();
    for (let i = 1; i < texts.length; i++)
      expect(bucketOf(texts[i]!) >= bucketOf(texts[i - 1]!)).toBe(true);
  });

  it('is coarse: close values share a bucket', () => {
    expect(bucketOf(-10.05)).toBe(bucketOf(-10.1));
    expect(bucketOf(5120)).toBe(bucketOf(5121));
    expect(bucketOf('2024-10-05T21:00:00')).toBe('2024-10-05');
  });
});

describe('header index runs', () => {
  let dir: string;
  let catalog: Catalog;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'astrocat-header-'));
    catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
  });
  afterEach(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const header = (temp: number, object = 'M31'): HeaderCard[] => [
    { keyword: 'OBJECT', value: object, comment: 'target' },
    { keyword: 'CCD-TEMP', value: temp },
    { keyword: 'HISTORY', value: null, comment: 'calibrated' },
  ];
  const insert = (count: number, temp: (i: number) => number) =>
    catalog.upsertFrames(
      Array.from({ length: count }, (_, i) => ({
        record: makeFrameRecord({ path: `/f${i}`, rawHeader: header(temp(i)) }),
        file: { sizeBytes: 1, mtimeMs: 1 },
        fingerprint: `${i}`,
      })),
    );
  const runs = () =>
    catalog.driver.prepare('SELECT count(*) AS n FROM header_index').get<{ n: number }>()!.n;
  const find = (keyword: string, op: '=' | '<' | '>=', value: string | number) =>
    catalog
      .search({ includeUnstitched: true, orderBy: 'path', header: [{ keyword, op, value }] })
      .map((f) => f.path);

  it('packs a batch of repeated values into one row per keyword and checks exact values', () => {
    insert(100, (i) => (i % 2 ? -10.05 : -10.1));
    // OBJECT and CCD-TEMP each collapse into one run; HISTORY is not indexed.
    expect(runs()).toBe(2);
    expect(find('CCD-TEMP', '=', -10.05)).toHaveLength(50);
    expect(find('CCD-TEMP', '<', -10.07)).toHaveLength(50);
    expect(find('HISTORY', '=', 'calibrated')).toEqual([]);
    expect(catalog.getFrame('/f3')?.rawHeader).toEqual(header(-10.05));
  });

  it('drops removed frames from results, splits runs on header changes, and compacts dead runs', () => {
    insert(5, () => -10);
    catalog.removeFrames(['/f2']);
    expect(find('OBJECT', '=', 'M31')).toEqual(['/f0', '/f1', '/f3', '/f4']);
    catalog.upsertFrames([
      {
        record: makeFrameRecord({ path: '/f3', rawHeader: header(-20, 'M42') }),
        file: { sizeBytes: 1, mtimeMs: 1 },
        fingerprint: '3',
      },
    ]);
    expect(find('OBJECT', '=', 'M31')).toEqual(['/f0', '/f1', '/f4']);
    expect(find('OBJECT', '=', 'M42')).toEqual(['/f3']);
    expect(find('CCD-TEMP', '<', -15)).toEqual(['/f3']);
    expect(find('CCD-TEMP', '>=', -10)).toEqual(['/f0', '/f1', '/f4']);
    // New frames never reuse a removed frame's id, so leftover runs cannot match them.
    catalog.removeFrames(['/f0', '/f1', '/f3', '/f4']);
    insert(1, () => 5);
    expect(find('CCD-TEMP', '<', 0)).toEqual([]);
    expect(catalog.compact().headerRunsPruned).toBeGreaterThan(0);
    expect(runs()).toBe(2);
    expect(find('CCD-TEMP', '>=', 5)).toEqual(['/f0']);
  });

  it('leaves the index alone when a rescan brings the same header', () => {
    insert(10, () => -10);
    const before = catalog.driver
      .prepare('SELECT * FROM header_index ORDER BY keyword_id, bucket, first_frame_id')
      .all();
    insert(10, () => -10);
    expect(
      catalog.driver
        .prepare('SELECT * FROM header_index ORDER BY keyword_id, bucket, first_frame_id')
        .all(),
    ).toEqual(before);
  });

  it('stores a realistic NINA header in one shared template and reads it back unchanged', () => {
    const random = seededRandom(3);
    const headers = [0, 1, 2].map((i) => ninaHeader(i, random));
    catalog.upsertFrames(
      headers.map((rawHeader, i) => ({
        record: makeFrameRecord({ path: `/n${i}`, rawHeader }),
        file: { sizeBytes: 1, mtimeMs: 1 },
        fingerprint: `${i}`,
      })),
    );
    expect(headers[0]!.length).toBeGreaterThanOrEqual(120);
    expect(
      catalog.driver.prepare('SELECT count(*) AS n FROM header_templates').get<{ n: number }>()!.n,
    ).toBe(1);
    expect(catalog.getFrame('/n2')?.rawHeader).toEqual(headers[2]);
  });
});
