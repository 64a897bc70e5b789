import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from './journal.js';
import { pendingOperations, resumeLibrary, undoLibrary } from './library-operations.js';
import { createPlan } from './plan.js';
import { formatRunReport, reportFailed } from './run-report.js';

let lib: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'astrocat-libops-'));
  mkdirSync(join(lib, 'in'));
  for (const name of ['a', 'b', 'c']) writeFileSync(join(lib, 'in', `${name}.fits`), name);
});
afterEach(() => rmSync(lib, { recursive: true, force: true }));

/** A journaled plan whose process "died" before doing anything. */
function interruptedPlan() {
  const plan = createPlan(
    'prepare',
    lib,
    ['a', 'b', 'c'].map((name) => ({
      op: 'move' as const,
      from: join(lib, 'in', `${name}.fits`),
      to: join(lib, 'out', `${name}.fits`),
    })),
  );
  Journal.create(plan).close();
  return plan;
}

describe('resumeLibrary / undoLibrary', () => {
  it('lists, then finishes, an interrupted operation; undo reverses it; dry runs change nothing', async () => {
    const plan = interruptedPlan();
    expect(pendingOperations(lib).map((p) => [p.operation.opId, p.remaining.length])).toEqual([
      [plan.opId, 3],
    ]);
    const dry = await resumeLibrary(lib, { dryRun: true });
    expect(dry).toHaveLength(1);
    expect(dry[0]?.files.map((f) => f.outcome)).toEqual(['planned', 'planned', 'planned']);
    expect(existsSync(join(lib, 'out'))).toBe(false);

    const moved: string[] = [];
    const [resumed] = await resumeLibrary(lib, { onMoved: (_from, to) => void moved.push(to) });
    expect(resumed?.counts).toEqual({ moved: 3 });
    expect(reportFailed(resumed!)).toBe(false);
    expect(moved).toHaveLength(3);
    expect(readFileSync(join(lib, 'out', 'b.fits'), 'utf8')).toBe('b');
    expect(await resumeLibrary(lib)).toEqual([]);

    const preview = await undoLibrary(lib, { dryRun: true });
    expect(preview?.files.filter((f) => f.op === 'move')).toHaveLength(3);
    expect(existsSync(join(lib, 'out', 'a.fits'))).toBe(true);
    const undone = await undoLibrary(lib);
    expect(undone?.kind).toBe('undo');
    expect(undone?.counts.moved).toBe(3);
    expect(readFileSync(join(lib, 'in', 'a.fits'), 'utf8')).toBe('a');
    expect(existsSync(join(lib, 'out'))).toBe(false);
    expect(formatRunReport(undone!)).toMatch(/^undo .*: 3 moved, 1 removed/);
    expect(await undoLibrary(lib)).toBeNull();
  });

  it('reports a step that failed, and the report says so', async () => {
    interruptedPlan();
    rmSync(join(lib, 'in', 'c.fits'));
    const [result] = await resumeLibrary(lib);
    expect(result?.files.find((f) => f.source?.endsWith('c.fits'))).toMatchObject({
      outcome: 'failed',
    });
    expect(reportFailed(result!)).toBe(true);
    expect(formatRunReport(result!)).toMatch(/c\.fits.*\[failed\]/);
  });
});
