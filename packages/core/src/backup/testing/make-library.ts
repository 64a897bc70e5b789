import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BackupItem } from '../backup-item.js';

/** Deterministic pseudo-random bytes (xorshift32), so test data is the same on every run. */
export function seededBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length + 3);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out.subarray(0, length);
}

export interface LibraryFileSpec {
  relPath: string;
  sizeBytes: number;
  seed: number;
  rig?: string;
  target?: string;
  frameType?: string;
  night?: string;
}

/** Writes the files into a fresh temp library and returns them as backup items (no hashes). */
export async function makeLibrary(
  specs: LibraryFileSpec[],
  root?: string,
): Promise<{ root: string; items: BackupItem[] }> {
  const base = root ?? (await mkdtemp(join(tmpdir(), 'astrocat-lib-')));
  const items: BackupItem[] = [];
  for (const spec of specs) {
    const path = join(base, ...spec.relPath.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, seededBytes(spec.sizeBytes, spec.seed));
    items.push(await itemFor(base, spec.relPath, spec));
  }
  return { root: base, items };
}

/** A backup item for a file as it is on disk now. */
export async function itemFor(
  root: string,
  relPath: string,
  extra: Partial<BackupItem> = {},
): Promise<BackupItem> {
  const path = join(root, ...relPath.split('/'));
  const info = await stat(path);
  return {
    path,
    relPath,
    sizeBytes: info.size,
    mtimeMs: info.mtimeMs,
    rig: extra.rig ?? null,
    target: extra.target ?? null,
    frameType: extra.frameType ?? null,
    night: extra.night ?? null,
  };
}
