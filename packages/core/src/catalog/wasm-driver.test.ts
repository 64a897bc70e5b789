import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { openBetterSqlite } from './better-sqlite-driver.js';
import { applyMigrations, readSchemaVersion } from './migrations.js';
import { openWasmSqlite } from './wasm-driver.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-wasm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openWasmSqlite', () => {
  it('runs statements, binds every value type and reports changes', async () => {
    const db = await openWasmSqlite(join(dir, 'a.sqlite'));
    db.exec('CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
    expect(insert.run(1, 2.5, 'x', new Uint8Array([1, 2, 3]), null)).toEqual({ changes: 1 });
    expect(insert.run(2n, 0, '', new Uint8Array(), null).changes).toBe(1);
    const rows = db
      .prepare('SELECT * FROM t ORDER BY i')
      .all<{ i: number; r: number; s: string; b: Uint8Array; n: null }>();
    expect(rows[0]).toMatchObject({ i: 1, r: 2.5, s: 'x', n: null });
    expect([...(rows[0]!.b as Uint8Array)]).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT count(*) AS c FROM t WHERE i > ?').get<{ c: number }>(5)).toEqual({
      c: 0,
    });
    expect(db.prepare('SELECT * FROM t WHERE i = ?').get(99)).toBeUndefined();
    expect(db.prepare('UPDATE t SET s = ?').run('y').changes).toBe(2);
    db.close();
  });

  it('commits, rolls back and nests transactions as savepoints', async () => {
    const db = await openWasmSqlite(join(dir, 'b.sqlite'));
    db.exec('CREATE TABLE t (v INTEGER)');
    const add = db.prepare('INSERT INTO t VALUES (?)');
    const count = (): number => db.prepare('SELECT count(*) AS c FROM t').get<{ c: number }>()!.c;
    expect(db.transaction(() => (add.run(1), 'done'))).toBe('done');
    expect(() =>
      db.transaction(() => {
        add.run(2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(count()).toBe(1);
    db.transaction(() => {
      add.run(3);
      expect(() =>
        db.transaction(() => {
          add.run(4);
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(
      db
        .prepare('SELECT v FROM t ORDER BY v')
        .all<{ v: number }>()
        .map((r) => r.v),
    ).toEqual([1, 3]);
    db.close();
  });

  it('opens a catalog the native driver migrated and sees its schema', async () => {
    const path = join(dir, 'c.sqlite');
    const native = await openBetterSqlite(path);
    native.exec('PRAGMA journal_mode = DELETE');
    applyMigrations(native);
    native.close();
    const wasm = await openWasmSqlite(path);
    expect(readSchemaVersion(wasm)).toBeGreaterThanOrEqual(1);
    expect(applyMigrations(wasm)).toEqual([]);
    expect(wasm.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    wasm.close();
  });

  it('refuses a catalog another connection holds in WAL mode', async () => {
    const path = join(dir, 'w.sqlite');
    const native = await openBetterSqlite(path);
    native.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (v); INSERT INTO t VALUES (1)');
    await expect(openWasmSqlite(path)).rejects.toSatisfy((e: unknown) =>
      isAstroError(e, 'CATALOG_ERROR'),
    );
    native.close();
  });
});
