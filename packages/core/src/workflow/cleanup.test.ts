import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from './cleanup.js';
import { recordFrameSource } from './frame-source.js';
import { makeTestLight } from './make-test-frame.js';
import { undoLast } from './undo-operation.js';

let lib: string;
beforeEach(() => {
  lib = mkdtempSync(join(tmpdir(), 'astrocat-cleanup-'));
});
afterEach(() => rmSync(lib, { recursive: true, force: true }));

function put(rel: string): string {
  const path = join(lib, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rel);
  return path;
}

describe('cleanup', () => {
  it('trashes calibration no light uses, removes emptied folders, and undoes both', async () => {
    const light = put('rig/20_Data/M31/DATE_1/F/l.fits');
    const usedDark = put('cam/20_Data/DARK/E300/d.fits');
    const unusedDark = put('cam/20_Data/DARK/E60/d.fits');
    const blinkDark = put('cam/10_Blink/DARK/E60/d.fits');
    const source = recordFrameSource([
      { ...makeTestLight(light), sizeBytes: 1 },
      { ...makeTestLight(usedDark, { frameType: 'DARK' }), sizeBytes: 1 },
      { ...makeTestLight(unusedDark, { frameType: 'DARK', exposureSec: 60 }), sizeBytes: 1 },
      { ...makeTestLight(blinkDark, { frameType: 'DARK', exposureSec: 60 }), sizeBytes: 1 },
    ]);
    const run = await cleanup({ libraryDir: lib, source });
    expect(run.plan.steps.map((s) => [s.op, s.from?.slice(lib.length + 1)])).toEqual([
      ['delete', 'cam/20_Data/DARK/E60/d.fits'],
      ['rmdir', 'cam/20_Data/DARK/E60'],
    ]);
    expect(run.applied?.counts).toEqual({ deleted: 1, removed: 1 });
    expect(existsSync(unusedDark)).toBe(false);
    expect(existsSync(usedDark) && existsSync(blinkDark)).toBe(true);
    await undoLast(lib);
    expect(readFileSync(unusedDark, 'utf8')).toBe('cam/20_Data/DARK/E60/d.fits');
  });

  it('does nothing on a dry run', async () => {
    mkdirSync(join(lib, 'a/b'), { recursive: true });
    const run = await cleanup({ libraryDir: lib, dryRun: true });
    expect(run.plan.steps).toHaveLength(2);
    expect(run.applied).toBeNull();
    expect(existsSync(join(lib, 'a/b'))).toBe(true);
  });
});
