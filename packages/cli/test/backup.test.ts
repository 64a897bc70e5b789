import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../fixtures/generate-library.js';
import { runCli } from './run-cli.js';

// The whole backup round trip through the CLI, to a folder target: plan, upload, status, a
// corrupted remote copy caught by verify --deep, prune that keeps exactly that file, restore.
let dir: string;
let db: string;
let target: string;
let good: string[];
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-cli-backup-'));
  db = join(dir, 'catalog.sqlite');
  target = join(dir, 'remote');
  const files = generateLibrary(join(dir, 'library'));
  good = [...files.lights, ...files.calibration, ...files.masters];
  const scan = runCli(['scan', join(dir, 'library'), '--db', db, '--json']);
  expect(scan.status, scan.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli([...args, '--db', db, '--to', target, '--json']);

interface PruneJson {
  dryRun: boolean;
  deleteCount: number;
  keptCount: number;
  entries: Array<{ path: string; decision: 'delete' | 'keep'; reason: string }>;
}

describe('astrocat backup, verify, prune and restore', () => {
  it('plans with --dry-run, uploads every frame once, and reports them backed up by rig', () => {
    const dry = cli('backup', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.json<{ plan: { uploads: unknown[] } }>().plan.uploads).toHaveLength(good.length);
    expect(existsSync(target)).toBe(false);

    const first = cli('backup');
    expect(first.status, first.stderr).toBe(0);
    const again = cli('backup');
    expect(again.json<{ plan: { uploads: unknown[]; unchangedCount: number } }>().plan).toEqual(
      expect.objectContaining({ uploads: [], unchangedCount: good.length }),
    );

    const status = cli('backup', 'status');
    expect(status.status, status.stderr).toBe(0);
    const totals = status.json<{
      totals: Record<string, { count: number }>;
      byRig: Record<string, unknown>;
    }>();
    const safe = totals.totals['verified']!.count + totals.totals['backed-up']!.count;
    expect(safe).toBe(good.length);
    expect(totals.totals['missing']!.count).toBe(0);
    expect(Object.keys(totals.byRig).length).toBeGreaterThanOrEqual(2);
  });

  it('catches a flipped byte with verify --deep, and prune keeps that file while deleting the rest', () => {
    const victim = good[0]!;
    const remote = join(target, 'library', victim.slice(join(dir, 'library').length + 1));
    const bytes = readFileSync(remote);
    bytes[6000] = bytes[6000]! ^ 0xff;
    writeFileSync(remote, bytes);

    const verify = cli('verify', '--deep');
    expect(verify.status).toBe(1);
    const results = verify.json<{ results: Array<{ relPath: string; status: string }> }>().results;
    expect(results.filter((r) => r.status === 'mismatch').map((r) => r.relPath)).toEqual([
      expect.stringContaining(victim.split('/').pop()!),
    ]);
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(good.length - 1);

    const dry = cli('prune');
    expect(dry.status, dry.stderr).toBe(0);
    const plan = dry.json<PruneJson>();
    expect(plan).toMatchObject({ dryRun: true, deleteCount: good.length - 1, keptCount: 1 });
    expect(plan.entries.find((e) => e.path === victim)).toMatchObject({ decision: 'keep' });
    expect(good.every((path) => existsSync(path))).toBe(true);

    const before = new Map(good.map((path) => [path, sha256(path)]));
    const pruned = cli('prune', '--yes');
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(good.filter((path) => existsSync(path))).toEqual([victim]);

    const restore = cli('restore');
    expect(restore.status, restore.stderr).toBe(0);
    for (const path of good) expect(sha256(path), path).toBe(before.get(path));
  });
});
