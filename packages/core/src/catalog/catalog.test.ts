import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { Catalog } from './catalog.js';
import { makeFrameRecord } from './test-frames.js';

let dir: string;
let catalog: Catalog;
let clock = 1_000;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-catalog-'));
  clock = 1_000;
  catalog = await Catalog.open({ path: join(dir, 'nested', 'catalog.sqlite'), nowMs: () => clock });
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = { sizeBytes: 1000, mtimeMs: 5000 };
function add(
  overrides: Partial<FrameRecord>,
  options: { stitched?: boolean; fingerprint?: string } = {},
): number {
  const record = makeFrameRecord(overrides);
  const [id] = catalog.upsertFrames([
    { record, file, fingerprint: options.fingerprint ?? `fp:${record.path}` },
  ]);
  if (options.stitched ?? true) catalog.markStitched(id!, true);
  return id!;
}
const paths = (frames: Array<{ path: string }>) => frames.map((f) => f.path).sort();

describe('Catalog frames', () => {
  it('reads sources stored compactly and as the JSON object older catalogs hold', () => {
    const record = makeFrameRecord({ path: '/data/a.fits' });
    record.sources = { target: 'header', night: 'derived', hfrPx: 'path' };
    const [id] = catalog.upsertFrames([{ record, file, fingerprint: 'fp-a' }]);
    const stored = catalog.driver.prepare('SELECT sources FROM frames WHERE id = ?');
    expect(stored.get<{ sources: string }>(id!)!.sources).toMatch(/^[-hpd]+$/);
    expect(catalog.getFrame('/data/a.fits')!.sources).toEqual(record.sources);
    catalog.driver
      .prepare('UPDATE frames SET sources = ? WHERE id = ?')
      .run('{"target":"header","filter":"path"}', id!);
    expect(catalog.getFrame('/data/a.fits')!.sources).toEqual({ target: 'header', filter: 'path' });
  });

  it('round-trips a record with its raw header, sources and file facts', () => {
    const record = makeFrameRecord({ path: '/data/a.fits' });
    const [id] = catalog.upsertFrames([{ record, file, fingerprint: 'fp-a' }]);
    const stored = catalog.getFrame('/data/a.fits')!;
    const {
      id: storedId,
      sizeBytes,
      mtimeMs,
      sha256,
      md5,
      fingerprint,
      stitched,
      fields,
      addedAtMs,
      updatedAtMs,
      ...rest
    } = stored;
    expect(rest).toEqual(record);
    expect({
      storedId,
      sizeBytes,
      mtimeMs,
      sha256,
      md5,
      fingerprint,
      stitched,
      fields,
      addedAtMs,
      updatedAtMs,
    }).toEqual({
      storedId: id,
      sizeBytes: 1000,
      mtimeMs: 5000,
      sha256: null,
      md5: null,
      fingerprint: 'fp-a',
      stitched: false,
      fields: {},
      addedAtMs: 1000,
      updatedAtMs: 1000,
    });
    expect(catalog.getFrameById(id!)?.path).toBe('/data/a.fits');
    expect(catalog.getFrame('/nope')).toBeUndefined();
    expect(catalog.schemaVersion()).toBeGreaterThanOrEqual(1);
  });

  it('updates by path, keeps the id, and drops hashes only when the file changed', () => {
    const id = add({ path: '/data/a.fits', filter: 'Ha' });
    catalog.setHashes(id, { sha256: 'aa', md5: 'bb' }, file);
    clock = 2_000;
    const [same] = catalog.upsertFrames([
      {
        record: makeFrameRecord({ path: '/data/a.fits', filter: 'OIII' }),
        file,
        fingerprint: 'fp2',
      },
    ]);
    expect(same).toBe(id);
    let stored = catalog.getFrameById(id)!;
    expect([
      stored.filter,
      stored.fingerprint,
      stored.sha256,
      stored.addedAtMs,
      stored.updatedAtMs,
    ]).toEqual(['OIII', 'fp2', 'aa', 1000, 2000]);
    catalog.upsertFrames([
      {
        record: makeFrameRecord({ path: '/data/a.fits' }),
        file: { sizeBytes: 1001, mtimeMs: 5000 },
        fingerprint: 'fp2',
      },
    ]);
    stored = catalog.getFrameById(id)!;
    expect([stored.sha256, stored.md5, stored.sizeBytes, stored.stitched]).toEqual([
      null,
      null,
      1001,
      true,
    ]);
  });

  it('returns ids in input order and treats a repeated path as one frame (last wins)', () => {
    const items = ['/b', '/a', '/b'].map((path, i) => ({
      record: makeFrameRecord({ path, gain: i }),
      file,
      fingerprint: `f${i}`,
    }));
    const ids = catalog.upsertFrames(items);
    expect(ids[0]).toBe(ids[2]);
    expect(new Set(ids).size).toBe(2);
    expect(catalog.getFrame('/b')?.gain).toBe(2);
    expect(catalog.upsertFrames([])).toEqual([]);
  });

  it('finds frames by hash and fingerprint, and lists file facts', () => {
    const a = add({ path: '/a' }, { fingerprint: 'same' });
    add({ path: '/b' }, { fingerprint: 'same' });
    catalog.setHashes(a, { sha256: 'h1', md5: 'm1' }, { sizeBytes: 7, mtimeMs: 8 });
    expect(catalog.findByHash('h1').map((f) => [f.path, f.md5, f.sizeBytes])).toEqual([
      ['/a', 'm1', 7],
    ]);
    expect(paths(catalog.findByFingerprint('same'))).toEqual(['/a', '/b']);
    expect(catalog.fileFacts()).toEqual(
      new Map([
        ['/a', { sizeBytes: 7, mtimeMs: 8 }],
        ['/b', { sizeBytes: 1000, mtimeMs: 5000 }],
      ]),
    );
  });

  it('moves a frame keeping its id, fields and agent runs', () => {
    const id = add({ path: '/old.fits' });
    catalog.setFields(id, 'quality', { hfrPx2: 2.5, note: 'ok', flagged: false, missing: null });
    catalog.recordAgentRun({ frameId: id, agent: 'quality', outcome: 'ok', attempt: 1, atMs: 10 });
    catalog.moveFrame('/old.fits', '/new.fits', { sizeBytes: 9, mtimeMs: 99 });
    const moved = catalog.getFrame('/new.fits')!;
    expect([moved.id, moved.sizeBytes, moved.mtimeMs]).toEqual([id, 9, 99]);
    expect(moved.fields).toEqual({ hfrPx2: 2.5, note: 'ok', flagged: false, missing: null });
    expect(catalog.agentSucceeded(id, 'quality')).toBe(true);
    expect(catalog.getFrame('/old.fits')).toBeUndefined();
    expect(() => catalog.moveFrame('/old.fits', '/x')).toThrow(/no frame/);
    add({ path: '/other.fits' });
    expect(() => catalog.moveFrame('/new.fits', '/other.fits')).toThrow(/already has a frame/);
  });

  it('removes frames with everything derived from them', () => {
    const id = add({ path: '/a.fits' });
    const keep = add({ path: '/b.fits' });
    catalog.setFields(id, 'quality', { score: 1 });
    catalog.recordAgentRun({
      frameId: id,
      agent: 'quality',
      outcome: 'failed',
      attempt: 1,
      nextDueAtMs: 5,
      atMs: 1,
    });
    expect(catalog.sessions()[0]?.frames).toBe(2);
    expect(catalog.removeFrames(['/a.fits', '/a.fits', '/missing'])).toBe(1);
    const count = (table: string) =>
      catalog.driver
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE frame_id = ?`)
        .get<{ n: number }>(id)!.n;
    expect([count('frame_fields'), count('agent_runs'), count('frame_headers')]).toEqual([0, 0, 0]);
    expect(catalog.dueAgentRuns('quality', 100)).toEqual([]);
    expect(catalog.sessions()[0]?.frames).toBe(1);
    expect(
      catalog.search({ header: [{ keyword: 'OBJECT', value: 'M31' }] }).map((f) => f.id),
    ).toEqual([keep]);
  });

  it('replaces an agent’s fields and ignores writes for removed frames', () => {
    const id = add({ path: '/a' });
    catalog.setFields(id, 'quality', { a: 1, b: 'x' });
    catalog.setFields(id, 'solver', { c: true });
    catalog.setFields(id, 'quality', { a: 2 });
    expect(catalog.getFrameById(id)!.fields).toEqual({ a: 2, c: true });
    catalog.removeFrames(['/a']);
    expect(() => {
      catalog.setFields(id, 'quality', { a: 3 });
      catalog.recordAgentRun({ frameId: id, agent: 'quality', outcome: 'ok', attempt: 1, atMs: 1 });
      catalog.setHashes(id, { sha256: 'x', md5: 'y' }, file);
      catalog.markStitched(id, true);
    }).not.toThrow();
    expect(
      catalog.driver.prepare('SELECT count(*) AS n FROM frame_fields').get<{ n: number }>()!.n,
    ).toBe(0);
  });
});

describe('Catalog bulk loads', () => {
  const frameIndexes = (c: Catalog) =>
    c.driver
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames' ORDER BY name",
      )
      .all<{ name: string; sql: string | null }>();

  it('sets the frames’ indexes aside and builds the same ones again, keeping paths unique', () => {
    const before = frameIndexes(catalog);
    expect(before.filter((i) => i.sql !== null).length).toBeGreaterThan(3);
    catalog.beginBulkLoad();
    // Only the path's uniqueness stays while loading.
    expect(frameIndexes(catalog).every((i) => i.sql === null)).toBe(true);
    add({ path: '/data/a.fits', target: 'M 31' });
    add({ path: '/data/a.fits', target: 'M 33' });
    catalog.endBulkLoad();
    expect(frameIndexes(catalog)).toEqual(before);
    expect(catalog.search({ target: 'M 33' }).map((f) => f.path)).toEqual(['/data/a.fits']);
    expect(catalog.count()).toBe(1);
  });

  it('gets the indexes back when a catalog left midway through a bulk load is opened', async () => {
    const path = join(dir, 'killed.sqlite');
    const loading = await Catalog.open({ path });
    const before = frameIndexes(loading);
    loading.beginBulkLoad();
    // Closed without endBulkLoad, as a killed scan leaves it.
    loading.close();
    const reopened = await Catalog.open({ path });
    expect(frameIndexes(reopened)).toEqual(before);
    expect(reopened.driver.prepare('SELECT count(*) AS n FROM deferred_indexes').get()).toEqual({
      n: 0,
    });
    reopened.close();
  });
});

describe('Catalog agent runs and ingest errors', () => {
  it('tracks never-run frames, due retries and success', () => {
    const a = add({ path: '/a' }, { stitched: false });
    const b = add({ path: '/b' }, { stitched: false });
    const c = add({ path: '/c' }, { stitched: false });
    expect(catalog.framesNeedingAgent('hash')).toEqual([a, b, c]);
    expect(catalog.framesNeedingAgent('hash', { limit: 2 })).toEqual([a, b]);
    catalog.recordAgentRun({
      frameId: a,
      agent: 'hash',
      outcome: 'ok',
      attempt: 1,
      nextDueAtMs: 50,
      atMs: 10,
    });
    catalog.recordAgentRun({
      frameId: b,
      agent: 'hash',
      outcome: 'failed',
      error: 'EIO',
      attempt: 1,
      nextDueAtMs: 200,
      atMs: 10,
    });
    catalog.recordAgentRun({
      frameId: c,
      agent: 'hash',
      outcome: 'skipped',
      error: 'waiting for x',
      attempt: 1,
      nextDueAtMs: 100,
      atMs: 10,
    });
    expect(catalog.framesNeedingAgent('hash')).toEqual([]);
    expect(catalog.framesNeedingAgent('solve')).toEqual([a, b, c]);
    expect(catalog.dueAgentRuns('hash', 99)).toEqual([]);
    expect(catalog.dueAgentRuns('hash', 100)).toEqual([{ frameId: c, attempt: 1 }]);
    expect(catalog.dueAgentRuns('hash', 1000)).toEqual([
      { frameId: c, attempt: 1 },
      { frameId: b, attempt: 1 },
    ]);
    expect(catalog.dueAgentRuns('hash', 1000, 1)).toHaveLength(1);
    catalog.recordAgentRun({
      frameId: b,
      agent: 'hash',
      outcome: 'failed',
      error: 'EIO',
      attempt: 2,
      nextDueAtMs: null,
      atMs: 300,
    });
    expect(catalog.dueAgentRuns('hash', 10_000)).toEqual([{ frameId: c, attempt: 1 }]);
    expect([catalog.agentSucceeded(a, 'hash'), catalog.agentSucceeded(b, 'hash')]).toEqual([
      true,
      false,
    ]);
    expect(catalog.agentRuns(b)).toEqual([
      {
        frameId: b,
        agent: 'hash',
        outcome: 'failed',
        error: 'EIO',
        attempt: 2,
        nextDueAtMs: null,
        atMs: 300,
      },
    ]);
    expect(catalog.agentRuns(a)[0]?.nextDueAtMs).toBeNull();
  });

  it('keeps the latest ingest error per path until cleared', () => {
    catalog.addIngestError({ path: '/b.fits', code: 'TRUNCATED', message: 'short', atMs: 1 });
    catalog.addIngestError({ path: '/a.fits', code: 'EMPTY_FILE', message: 'empty', atMs: 2 });
    catalog.addIngestError({
      path: '/b.fits',
      code: 'FITS_NOT_FITS',
      message: 'not fits',
      atMs: 3,
    });
    expect(catalog.ingestErrors()).toEqual([
      { path: '/a.fits', code: 'EMPTY_FILE', message: 'empty', atMs: 2 },
      { path: '/b.fits', code: 'FITS_NOT_FITS', message: 'not fits', atMs: 3 },
    ]);
    catalog.clearIngestError('/a.fits');
    expect(catalog.ingestErrors().map((e) => e.path)).toEqual(['/b.fits']);
  });
});

describe('Catalog summaries', () => {
  beforeEach(() => {
    const rig1 = 'RedCat 51@f4.9+ZWO ASI2600MM Pro';
    add({
      path: '/1',
      target: 'M31',
      filter: 'Ha',
      exposureSec: 300,
      night: '2024-10-05',
      rig: rig1,
    });
    add({
      path: '/2',
      target: 'M31',
      filter: 'Ha',
      exposureSec: 300,
      night: '2024-10-05',
      rig: rig1,
    });
    add({
      path: '/3',
      target: 'M31',
      filter: 'OIII',
      exposureSec: 600,
      night: '2024-10-06',
      rig: rig1,
    });
    add({
      path: '/4',
      target: 'M33',
      panel: 'A',
      filter: 'L',
      exposureSec: 120,
      night: '2024-10-06',
      rig: 'Esprit 100@f5.5+ZWO ASI533MC Pro',
      camera: 'ZWO ASI533MC Pro',
      optic: 'Esprit 100',
    });
    add({
      path: '/5',
      frameType: 'FLAT',
      target: 'M31',
      filter: 'Ha',
      exposureSec: 2,
      night: '2024-10-05',
      rig: rig1,
    });
    add(
      { path: '/6', target: 'M31', filter: 'Ha', exposureSec: 300, night: '2024-10-05', rig: rig1 },
      { stitched: false },
    );
    add({
      path: '/7',
      target: 'M31',
      filter: 'Ha',
      exposureSec: null,
      night: '2024-10-05',
      rig: rig1,
    });
  });

  it('totals count stitched LIGHT frames and sum their exposures', () => {
    const totals = catalog.totals();
    expect([totals.frames, totals.integrationSec]).toEqual([5, 1320]);
    expect(totals.byTargetFilter).toEqual([
      { target: 'M31', filter: 'Ha', frames: 3, integrationSec: 600 },
      { target: 'M31', filter: 'OIII', frames: 1, integrationSec: 600 },
      { target: 'M33', filter: 'L', frames: 1, integrationSec: 120 },
    ]);
    expect(totals.byRig).toEqual([
      { rig: 'Esprit 100@f5.5+ZWO ASI533MC Pro', frames: 1, integrationSec: 120 },
      { rig: 'RedCat 51@f4.9+ZWO ASI2600MM Pro', frames: 4, integrationSec: 1200 },
    ]);
    expect(totals.byNight).toEqual([
      { night: '2024-10-05', frames: 3, integrationSec: 600 },
      { night: '2024-10-06', frames: 2, integrationSec: 720 },
    ]);
    expect(catalog.totals({ target: 'm31', filter: 'ha' })).toMatchObject({
      frames: 3,
      integrationSec: 600,
    });
    expect(catalog.totals({ frameType: 'FLAT' })).toMatchObject({ frames: 1, integrationSec: 0 });
    expect(catalog.totals({ frameType: ['FLAT', 'LIGHT'], limit: 1 })).toMatchObject({
      frames: 6,
      integrationSec: 1320,
    });
  });

  it('lists sessions per night, rig and target', () => {
    expect(catalog.sessions()).toEqual([
      {
        night: '2024-10-05',
        rig: 'RedCat 51@f4.9+ZWO ASI2600MM Pro',
        target: 'M31',
        frames: 3,
        integrationSec: 600,
      },
      {
        night: '2024-10-06',
        rig: 'Esprit 100@f5.5+ZWO ASI533MC Pro',
        target: 'M33',
        frames: 1,
        integrationSec: 120,
      },
      {
        night: '2024-10-06',
        rig: 'RedCat 51@f4.9+ZWO ASI2600MM Pro',
        target: 'M31',
        frames: 1,
        integrationSec: 600,
      },
    ]);
  });

  it('lists equipment in use, dropping names no frame uses any more', () => {
    expect(catalog.equipment()).toEqual({
      cameras: ['ZWO ASI2600MM Pro', 'ZWO ASI533MC Pro'],
      optics: ['Esprit 100', 'RedCat 51'],
      rigs: ['Esprit 100@f5.5+ZWO ASI533MC Pro', 'RedCat 51@f4.9+ZWO ASI2600MM Pro'],
      filters: ['Ha', 'L', 'OIII'],
    });
    catalog.removeFrames(['/4']);
    catalog.upsertFrames([
      { record: makeFrameRecord({ path: '/3', filter: 'SII' }), file, fingerprint: 'x' },
    ]);
    expect(catalog.equipment()).toMatchObject({
      cameras: ['ZWO ASI2600MM Pro'],
      filters: ['Ha', 'SII'],
    });
  });

  it('finds a target by any alias, ignoring case, panels included', () => {
    catalog.addTargetAlias('M31', 'NGC 224');
    catalog.addTargetAlias('M31', 'Andromeda Galaxy');
    catalog.addTargetAlias('M33', 'Triangulum');
    // Five stitched M31 frames: three Ha lights, one OIII light, one flat.
    expect(catalog.count({ target: 'ngc 224' })).toBe(5);
    expect(catalog.count({ target: 'andromeda galaxy' })).toBe(5);
    expect(catalog.count({ target: 'M31' })).toBe(5);
    expect(paths(catalog.search({ target: 'TRIANGULUM' }))).toEqual(['/4']);
    expect(paths(catalog.search({ target: 'M33', panel: 'a' }))).toEqual(['/4']);
    // Frames named by an alias are found by the target's name and by its other aliases too.
    add({ path: '/8', target: 'NGC 224', night: '2024-10-07' });
    expect(catalog.count({ target: 'M31' })).toBe(6);
    expect(catalog.count({ target: 'Andromeda Galaxy' })).toBe(6);
    expect(catalog.count({ target: 'M42' })).toBe(0);
    expect(() => catalog.addTargetAlias('', 'x')).toThrow(/empty/);
  });
});

describe('Catalog.open', () => {
  it('uses a rollback journal by default (every driver reads it) and WAL only when asked', async () => {
    expect(
      catalog.driver.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode,
    ).toBe('delete');
    expect(
      catalog.driver.prepare('PRAGMA foreign_keys').get<{ foreign_keys: number }>()?.foreign_keys,
    ).toBe(1);
    expect(catalog.driver.prepare('PRAGMA busy_timeout').get<{ timeout: number }>()?.timeout).toBe(
      5000,
    );
    // Rollback journal: FULL (2) so a power cut cannot lose a committed batch.
    expect(
      catalog.driver.prepare('PRAGMA synchronous').get<{ synchronous: number }>()?.synchronous,
    ).toBe(2);
    const wal = await Catalog.open({ path: join(dir, 'wal.sqlite'), journalMode: 'wal' });
    expect(
      wal.driver.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode,
    ).toBe('wal');
    expect(
      wal.driver.prepare('PRAGMA synchronous').get<{ synchronous: number }>()?.synchronous,
    ).toBe(1);
    wal.close();
    const other = await Catalog.open({ path: join(dir, 'delete.sqlite'), journalMode: 'delete' });
    expect(
      other.driver.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode,
    ).toBe('delete');
    other.close();
  });

  it('wraps an unusable path as CATALOG_ERROR', async () => {
    await expect(Catalog.open({ path: join(dir, 'nested') })).rejects.toSatisfy((e) =>
      isAstroError(e, 'CATALOG_ERROR'),
    );
  });
});

describe('StoredFrame.rawHeader', () => {
  it('decodes lazily, survives close, spreads and serializes like a plain property', async () => {
    const record = makeFrameRecord({ path: '/lazy.fits' });
    catalog.upsertFrames([{ record, file, fingerprint: 'x' }]);
    const [frame] = catalog.search({ includeUnstitched: true });
    catalog.close();
    expect(frame!.rawHeader).toEqual(record.rawHeader);
    expect({ ...frame }.rawHeader).toEqual(record.rawHeader);
    expect(JSON.parse(JSON.stringify(frame)).rawHeader).toEqual(
      JSON.parse(JSON.stringify(record.rawHeader)),
    );
    frame!.rawHeader = [];
    expect(frame!.rawHeader).toEqual([]);
    catalog = await Catalog.open({ path: join(dir, 'nested', 'catalog.sqlite') });
  });
});
