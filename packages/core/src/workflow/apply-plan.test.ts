import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  linkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, resumeOperation } from './apply-plan.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import { Journal, listOperations, readJournal } from './journal.js';
import { acquireLibraryLock } from './library-lock.js';
import { createPlan, type PlanStep } from './plan.js';
import { planUndo, resumeAll, undoLast } from './undo-operation.js';

let root: string;
let lib: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'astrocat-apply-'));
  lib = join(root, 'lib');
  mkdirSync(lib);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(rel: string, content: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function moves(pairs: [string, string][]): Omit<PlanStep, 'id'>[] {
  return pairs.map(([from, to]) => ({ op: 'move', from: join(root, from), to: join(lib, to) }));
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('applyPlan', () => {
  it('moves files, journals every step, and tells the catalog hook', async () => {
    file('raw/a.fits', 'A');
    file('raw/b.fits', 'B');
    const plan = createPlan(
      'prepare',
      lib,
      moves([
        ['raw/a.fits', 'x/a.fits'],
        ['raw/b.fits', 'x/y/b.fits'],
      ]),
    );
    const seen: string[] = [];
    const result = await applyPlan(plan, {
      onMoved: (from, to) => void seen.push(`${from}>${to}`),
    });
    expect(result.counts).toEqual({ moved: 2 });
    expect(readFileSync(join(lib, 'x/y/b.fits'), 'utf8')).toBe('B');
    expect(seen).toEqual([
      `${join(root, 'raw/a.fits')}>${join(lib, 'x/a.fits')}`,
      `${join(root, 'raw/b.fits')}>${join(lib, 'x/y/b.fits')}`,
    ]);
    const state = readJournal(result.journalPath);
    expect(state.ended).toBe(true);
    expect(state.done.get(1)?.newDirs).toEqual([join(lib, 'x/y')]);
    expect(listOperations(lib)).toEqual([
      expect.objectContaining({ opId: plan.opId, status: 'complete', done: 2 }),
    ]);
    expect(existsSync(join(lib, '.astrocat/lock'))).toBe(false);
  });

  it('keeps the source of an identical file as a duplicate and renames a different one', async () => {
    file('raw/a.fits', 'same');
    file('raw/b.fits', 'new');
    file('lib/x/a.fits', 'same');
    file('lib/x/b.fits', 'old');
    const plan = createPlan(
      'prepare',
      lib,
      moves([
        ['raw/a.fits', 'x/a.fits'],
        ['raw/b.fits', 'x/b.fits'],
      ]),
    );
    const result = await applyPlan(plan);
    expect(result.results.map((r) => [r.outcome, r.to])).toEqual([
      ['duplicate', join(lib, 'x/a.fits')],
      ['moved', join(lib, 'x/b_2.fits')],
    ]);
    expect(readFileSync(join(root, 'raw/a.fits'), 'utf8')).toBe('same');
    expect(readFileSync(join(lib, 'x/b.fits'), 'utf8')).toBe('old');
    expect(readFileSync(join(lib, 'x/b_2.fits'), 'utf8')).toBe('new');
  });

  it('resolves steps of one batch aimed at the same name one after the other', async () => {
    file('raw/n1/a.fits', 'same');
    file('raw/n2/a.fits', 'same');
    file('raw/n3/a.fits', 'different');
    const plan = createPlan(
      'prepare',
      lib,
      moves([
        ['raw/n1/a.fits', 'x/a.fits'],
        ['raw/n2/a.fits', 'x/a.fits'],
        ['raw/n3/a.fits', 'x/a.fits'],
      ]),
    );
    const result = await applyPlan(plan);
    expect(result.results.map((r) => [r.outcome, r.to])).toEqual([
      ['moved', join(lib, 'x/a.fits')],
      ['duplicate', join(lib, 'x/a.fits')],
      ['moved', join(lib, 'x/a_2.fits')],
    ]);
    expect(readFileSync(join(root, 'raw/n2/a.fits'), 'utf8')).toBe('same');
  });

  it('reports per-file errors and goes on with the rest', async () => {
    // Tests run as root, where chmod cannot forbid a write, so permission errors are injected.
    const failures: Record<string, string> = {
      'b.fits': 'EACCES',
      'c.fits': 'EBUSY',
      'd.fits': 'EROFS',
    };
    const fs: WorkflowFs = {
      ...nodeFs,
      link: async (from, to) => {
        const code = failures[String(from).split('/').pop() ?? ''];
        if (code) throw errno(code);
        return nodeFs.link(from, to);
      },
    };
    for (const name of ['a', 'b', 'c', 'd', 'e']) file(`raw/${name}.fits`, name);
    const plan = createPlan(
      'prepare',
      lib,
      moves(['a', 'b', 'c', 'd', 'e'].map((n) => [`raw/${n}.fits`, `x/${n}.fits`])),
    );
    const result = await applyPlan(plan, { fs });
    expect(result.results.map((r) => r.error?.code ?? r.outcome)).toEqual([
      'moved',
      'EACCES',
      'EBUSY',
      'EROFS',
      'moved',
    ]);
    expect(readdirSync(join(root, 'raw')).sort()).toEqual(['b.fits', 'c.fits', 'd.fits']);
    expect(listOperations(lib)[0]).toMatchObject({ status: 'complete', failed: 3 });
  });

  it('moves across file systems by verified copy, journaling the copy, and reports a full disk', async () => {
    const fs: WorkflowFs = {
      ...nodeFs,
      link: async (from, to) => {
        if (String(from).includes('/raw/')) throw errno('EXDEV');
        return nodeFs.link(from, to);
      },
      open: (async (path: string, flags?: string) => {
        if (flags === 'wx' && String(path).includes('full')) throw errno('ENOSPC');
        return nodeFs.open(path, flags);
      }) as WorkflowFs['open'],
    };
    file('raw/a.fits', 'A'.repeat(5000));
    file('raw/b.fits', 'B');
    const plan = createPlan(
      'prepare',
      lib,
      moves([
        ['raw/a.fits', 'x/a.fits'],
        ['raw/b.fits', 'full/b.fits'],
      ]),
    );
    const result = await applyPlan(plan, { fs });
    expect(result.results.map((r) => r.error?.code ?? r.outcome)).toEqual(['moved', 'ENOSPC']);
    expect(readFileSync(join(lib, 'x/a.fits'), 'utf8')).toBe('A'.repeat(5000));
    expect(existsSync(join(root, 'raw/a.fits'))).toBe(false);
    expect(readFileSync(join(root, 'raw/b.fits'), 'utf8')).toBe('B');
    expect(readJournal(result.journalPath).begun.get(0)).toMatchObject({ copy: true });
  });

  it('keeps a move recorded as moved when the catalog hook fails, so undo still knows', async () => {
    file('raw/a.fits', 'A');
    const plan = createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]));
    const result = await applyPlan(plan, {
      onMoved: () => {
        throw new Error('catalog is locked');
      },
    });
    expect(result.results[0]).toMatchObject({
      outcome: 'moved',
      error: { code: 'ON_MOVED_FAILED', message: 'catalog is locked' },
    });
    await undoLast(lib);
    expect(readFileSync(join(root, 'raw/a.fits'), 'utf8')).toBe('A');
  });

  it('reports a missing source without touching anything else', async () => {
    const plan = createPlan('prepare', lib, moves([['raw/gone.fits', 'x/gone.fits']]));
    const result = await applyPlan(plan);
    expect(result.results[0]).toMatchObject({ outcome: 'failed', error: { code: 'ENOENT' } });
  });

  it('removes only empty folders and recreates nothing on rmdir of a non-empty one', async () => {
    mkdirSync(join(root, 'raw/empty'), { recursive: true });
    file('raw/kept/.keep', '');
    const plan = createPlan('prepare', lib, [
      { op: 'rmdir', from: join(root, 'raw/empty') },
      { op: 'rmdir', from: join(root, 'raw/kept') },
      { op: 'mkdir', to: join(lib, 'new/deep') },
    ]);
    const result = await applyPlan(plan);
    expect(result.results.map((r) => r.outcome)).toEqual(['removed', 'skipped', 'created']);
    expect(existsSync(join(root, 'raw/kept/.keep'))).toBe(true);
  });

  it('refuses to run while another live process holds the library lock', async () => {
    writeFileSync(join(lib, '.astrocat-probe'), '');
    mkdirSync(join(lib, '.astrocat'), { recursive: true });
    writeFileSync(join(lib, '.astrocat/lock'), String(process.ppid));
    await expect(applyPlan(createPlan('prepare', lib, []))).rejects.toMatchObject({
      code: 'WORKFLOW_LOCKED',
    });
    writeFileSync(join(lib, '.astrocat/lock'), '999999999');
    const release = acquireLibraryLock(lib);
    expect(readFileSync(join(lib, '.astrocat/lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});

describe('resume', () => {
  it('finishes a move killed between link and unlink, and one killed before it began', async () => {
    const a = file('raw/a.fits', 'A');
    const b = file('raw/b.fits', 'B');
    const plan = createPlan(
      'prepare',
      lib,
      moves([
        ['raw/a.fits', 'x/a.fits'],
        ['raw/b.fits', 'x/b.fits'],
      ]),
    );
    const journal = Journal.create(plan);
    journal.append({ t: 'begin', id: 0, to: join(lib, 'x/a.fits'), newDirs: [join(lib, 'x')] });
    mkdirSync(join(lib, 'x'));
    linkSync(a, join(lib, 'x/a.fits'));
    journal.close();
    appendFileSync(journal.path, '{"t":"done","id":1,"outc'); // torn write at the kill

    expect(listOperations(lib)[0]?.status).toBe('incomplete');
    const seen: string[] = [];
    const [result] = await resumeAll(lib, { onMoved: (_from, to) => void seen.push(to) });
    expect(result?.results.map((r) => r.outcome)).toEqual(['moved', 'moved']);
    expect(existsSync(a) || existsSync(b)).toBe(false);
    expect(readFileSync(join(lib, 'x/a.fits'), 'utf8')).toBe('A');
    expect(readFileSync(join(lib, 'x/b.fits'), 'utf8')).toBe('B');
    expect(seen).toEqual([join(lib, 'x/a.fits'), join(lib, 'x/b.fits')]);
    expect(readJournal(journal.path).done.get(0)?.newDirs).toEqual([join(lib, 'x')]);
    expect(listOperations(lib)[0]?.status).toBe('complete');
  });

  it('chooses a new name when the planned one was taken by another file meanwhile', async () => {
    file('raw/a.fits', 'A');
    const plan = createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]));
    const journal = Journal.create(plan);
    journal.append({ t: 'begin', id: 0, to: join(lib, 'x/a.fits') });
    journal.close();
    file('lib/x/a.fits', 'intruder');
    const result = await resumeOperation(journal.path);
    expect(result.results[0]).toMatchObject({ outcome: 'moved', to: join(lib, 'x/a_2.fits') });
    expect(readFileSync(join(lib, 'x/a.fits'), 'utf8')).toBe('intruder');
  });

  it('treats an identical file placed at the begun name by someone else as a duplicate, not as its move', async () => {
    file('raw/a.fits', 'A');
    const plan = createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]));
    const journal = Journal.create(plan);
    journal.append({ t: 'begin', id: 0, to: join(lib, 'x/a.fits') });
    journal.close();
    file('lib/x/a.fits', 'A');
    const result = await resumeOperation(journal.path);
    expect(result.results[0]).toMatchObject({ outcome: 'duplicate', to: join(lib, 'x/a.fits') });
    expect(readFileSync(join(root, 'raw/a.fits'), 'utf8')).toBe('A');
  });

  it('finishes a cross-device copy journaled as a copy by equal bytes', async () => {
    file('raw/a.fits', 'A');
    const plan = createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]));
    const journal = Journal.create(plan);
    journal.append({ t: 'begin', id: 0, to: join(lib, 'x/a.fits'), copy: true });
    journal.close();
    file('lib/x/a.fits', 'A');
    const result = await resumeOperation(journal.path);
    expect(result.results[0]).toMatchObject({ outcome: 'moved', to: join(lib, 'x/a.fits') });
    expect(existsSync(join(root, 'raw/a.fits'))).toBe(false);
  });

  it('does not redo steps already marked done', async () => {
    file('raw/a.fits', 'A');
    const plan = createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]));
    const journal = Journal.create(plan);
    journal.append({
      t: 'done',
      id: 0,
      outcome: 'failed',
      error: { code: 'EACCES', message: 'no' },
    });
    journal.close();
    const result = await resumeOperation(journal.path);
    expect(result.results[0]?.outcome).toBe('failed');
    expect(existsSync(join(root, 'raw/a.fits'))).toBe(true);
  });
});

describe('undo', () => {
  it('moves everything back, removes created folders and recreates removed ones', async () => {
    file('raw/n1/a.fits', 'A');
    file('raw/n1/b.fits', 'B');
    const plan = createPlan('prepare', lib, [
      ...moves([
        ['raw/n1/a.fits', 'r/t/a.fits'],
        ['raw/n1/b.fits', 'r/t/b.fits'],
      ]),
      { op: 'rmdir', from: join(root, 'raw/n1') },
    ]);
    await applyPlan(plan);
    expect(existsSync(join(root, 'raw/n1'))).toBe(false);
    const moved: string[] = [];
    const undo = await undoLast(lib, { onMoved: (from, to) => void moved.push(`${from}>${to}`) });
    expect(undo?.counts).toMatchObject({ moved: 2, removed: 2 });
    expect(readFileSync(join(root, 'raw/n1/a.fits'), 'utf8')).toBe('A');
    expect(readFileSync(join(root, 'raw/n1/b.fits'), 'utf8')).toBe('B');
    expect(existsSync(join(lib, 'r'))).toBe(false);
    expect(moved).toContain(`${join(lib, 'r/t/b.fits')}>${join(root, 'raw/n1/b.fits')}`);
    const ops = listOperations(lib);
    expect(ops.map((o) => [o.kind, o.status])).toEqual([
      ['prepare', 'undone'],
      ['undo', 'complete'],
    ]);
    expect(await undoLast(lib)).toBeNull();
  });

  it('never overwrites a file that took the old place meanwhile', async () => {
    file('raw/a.fits', 'A');
    await applyPlan(createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']])));
    file('raw/a.fits', 'newer');
    await undoLast(lib);
    expect(readFileSync(join(root, 'raw/a.fits'), 'utf8')).toBe('newer');
    expect(readFileSync(join(root, 'raw/a_2.fits'), 'utf8')).toBe('A');
  });

  it('reverses copies and deletes through the trash', async () => {
    file('raw/a.fits', 'A');
    file('raw/b.fits', 'B');
    const plan = createPlan('cleanup', lib, [
      { op: 'copy', from: join(root, 'raw/a.fits'), to: join(lib, 'c/a.fits') },
      { op: 'delete', from: join(root, 'raw/b.fits') },
    ]);
    const result = await applyPlan(plan);
    expect(result.results.map((r) => r.outcome)).toEqual(['copied', 'deleted']);
    expect(existsSync(join(root, 'raw/b.fits'))).toBe(false);
    expect(result.results[1]?.to).toContain(join('.astrocat', 'trash', plan.opId));
    const undoPlan = planUndo(readJournal(result.journalPath));
    expect(undoPlan.steps.map((s) => s.op).slice(0, 2)).toEqual(['move', 'delete']);
    // The created copy folder and the trash folders are offered for removal (only if empty).
    expect(undoPlan.steps.slice(2).every((s) => s.op === 'rmdir')).toBe(true);
    expect(undoPlan.steps.map((s) => s.from)).toContain(join(lib, 'c'));
    await undoLast(lib);
    expect(readFileSync(join(root, 'raw/b.fits'), 'utf8')).toBe('B');
    expect(existsSync(join(lib, 'c/a.fits'))).toBe(false);
    expect(readFileSync(join(root, 'raw/a.fits'), 'utf8')).toBe('A');
  });

  it('refuses while an operation is unfinished', async () => {
    file('raw/a.fits', 'A');
    Journal.create(createPlan('prepare', lib, moves([['raw/a.fits', 'x/a.fits']]))).close();
    await expect(undoLast(lib)).rejects.toMatchObject({ code: 'WORKFLOW_JOURNAL_INVALID' });
  });
});
