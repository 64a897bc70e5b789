import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import {
  candidateName,
  chooseDestination,
  moveNoClobber,
  partialName,
  recoverMove,
} from './safe-move.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-move-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** A file system where hard links from the `src` folder cross a device boundary. */
function crossDeviceFs(overrides: Partial<WorkflowFs> = {}): WorkflowFs {
  return {
    ...nodeFs,
    link: async (from, to) => {
      if (String(from).includes('/src/')) throw errno('EXDEV');
      return nodeFs.link(from, to);
    },
    ...overrides,
  };
}

describe('candidateName', () => {
  it('numbers with an underscore before the extension, keeping .fits.fz whole', () => {
    expect(candidateName('/a/x.fits', 1)).toBe('/a/x.fits');
    expect(candidateName('/a/x.fits', 2)).toBe('/a/x_2.fits');
    expect(candidateName('/a/x.fits.fz', 3)).toBe('/a/x_3.fits.fz');
    expect(candidateName('/a/noext', 2)).toBe('/a/noext_2');
  });
});

describe('chooseDestination', () => {
  it('finds identical content as a duplicate and different content a unique name', async () => {
    const source = file('src/a.fits', 'AAA');
    file('dst/a.fits', 'BBB');
    expect(await chooseDestination(nodeFs, source, join(dir, 'dst/a.fits'))).toEqual({
      kind: 'free',
      to: join(dir, 'dst/a_2.fits'),
    });
    file('dst/a_2.fits', 'AAA');
    expect(await chooseDestination(nodeFs, source, join(dir, 'dst/a.fits'))).toEqual({
      kind: 'duplicate',
      to: join(dir, 'dst/a_2.fits'),
    });
  });
});

describe('moveNoClobber', () => {
  it('moves on one file system by link + unlink', async () => {
    const source = file('src/a.fits', 'data');
    const target = join(dir, 'a.fits');
    expect(await moveNoClobber(nodeFs, source, target)).toBe('link');
    expect(existsSync(source)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('data');
  });

  it('never overwrites an existing file', async () => {
    const source = file('src/a.fits', 'new');
    const target = file('a.fits', 'old');
    await expect(moveNoClobber(nodeFs, source, target)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readFileSync(source, 'utf8')).toBe('new');
  });

  it('falls back to a no-clobber rename where hard links are unsupported', async () => {
    const fs: WorkflowFs = { ...nodeFs, link: async () => Promise.reject(errno('ENOTSUP')) };
    const source = file('src/a.fits', 'data');
    expect(await moveNoClobber(fs, source, join(dir, 'b.fits'))).toBe('rename');
    expect(readFileSync(join(dir, 'b.fits'), 'utf8')).toBe('data');
    const other = file('src/c.fits', 'c');
    await expect(moveNoClobber(fs, other, join(dir, 'b.fits'))).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(readFileSync(join(dir, 'b.fits'), 'utf8')).toBe('data');
  });

  it('copies, verifies and unlinks across file systems (simulated EXDEV)', async () => {
    const source = file('src/a.fits', 'x'.repeat(3000));
    const target = join(dir, 'dst/a.fits');
    mkdirSync(join(dir, 'dst'));
    expect(await moveNoClobber(crossDeviceFs(), source, target)).toBe('copy');
    expect(existsSync(source)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('x'.repeat(3000));
    expect(readdirSync(join(dir, 'dst'))).toEqual(['a.fits']);
  });

  it('retries a copy that fails verification once, then reports it and keeps the source', async () => {
    let corruptions = 0;
    const corrupting = (limit: number): WorkflowFs =>
      crossDeviceFs({
        open: (async (path: string, flags?: string) => {
          const handle = await nodeFs.open(path, flags);
          if (flags !== 'wx' || corruptions >= limit) return handle;
          corruptions++;
          const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
          // A flipped bit on the way to disk, as a bad cable or USB bridge would do.
          return Object.assign(handle, {
            write: (buffer: Buffer, ...rest: unknown[]) => {
              const copy = Buffer.from(buffer);
              copy[0] = (copy[0] ?? 0) ^ 1;
              return write(copy, ...rest);
            },
          });
        }) as WorkflowFs['open'],
      });
    mkdirSync(join(dir, 'dst'));
    const first = file('src/a.fits', 'payload');
    expect(await moveNoClobber(corrupting(1), first, join(dir, 'dst/a.fits'))).toBe('copy');
    expect(readFileSync(join(dir, 'dst/a.fits'), 'utf8')).toBe('payload');
    expect(corruptions).toBe(1);

    corruptions = 0;
    const second = file('src/b.fits', 'payload-b');
    const failure = await moveNoClobber(corrupting(99), second, join(dir, 'dst/b.fits')).catch(
      (e: unknown) => e,
    );
    expect(isAstroError(failure, 'CHECKSUM_MISMATCH')).toBe(true);
    expect(corruptions).toBe(2);
    expect(readFileSync(second, 'utf8')).toBe('payload-b');
    expect(readdirSync(join(dir, 'dst'))).toEqual(['a.fits']);
  });

  it('reports a full disk during a cross-device copy and leaves no partial file', async () => {
    mkdirSync(join(dir, 'dst'));
    const source = file('src/a.fits', 'data');
    const fs = crossDeviceFs({
      open: (async (path: string, flags?: string) => {
        if (flags === 'wx') throw errno('ENOSPC');
        return nodeFs.open(path, flags);
      }) as WorkflowFs['open'],
    });
    await expect(moveNoClobber(fs, source, join(dir, 'dst/a.fits'))).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(readFileSync(source, 'utf8')).toBe('data');
    expect(readdirSync(join(dir, 'dst'))).toEqual([]);
  });
});

describe('recoverMove', () => {
  it('finishes a move interrupted between link and unlink', async () => {
    const source = file('src/a.fits', 'data');
    const target = join(dir, 'a.fits');
    await nodeFs.link(source, target);
    expect(await recoverMove(nodeFs, source, target)).toBe('moved');
    expect(existsSync(source)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('data');
  });

  it('tells redo, done, reroute and lost apart and removes a stale partial copy', async () => {
    const source = file('src/a.fits', 'data');
    const target = join(dir, 'a.fits');
    writeFileSync(partialName(target), 'da');
    expect(await recoverMove(nodeFs, source, target)).toBe('redo');
    expect(existsSync(partialName(target))).toBe(false);
    file('a.fits', 'other');
    expect(await recoverMove(nodeFs, source, target)).toBe('reroute');
    expect(existsSync(source)).toBe(true);
    rmSync(source);
    expect(await recoverMove(nodeFs, source, target)).toBe('moved');
    expect(await recoverMove(nodeFs, source, join(dir, 'none.fits'))).toBe('lost');
  });
});
