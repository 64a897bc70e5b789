import {
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import { moveNoClobber } from './safe-move.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-reflink-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('copy with reflink', () => {
  it('asks for a copy-on-write clone, keeps the source and verifies the bytes', async () => {
    const from = join(dir, 'master.xisf');
    writeFileSync(from, Buffer.from('master flat bytes '.repeat(1000)));
    const flags: number[] = [];
    const fs: WorkflowFs = {
      ...nodeFs,
      copyFile: async (src, dest, mode) => {
        flags.push(mode ?? 0);
        return nodeFs.copyFile(src, dest, mode);
      },
    };
    const to = join(dir, 'lights', 'master.xisf');
    await nodeFs.mkdir(join(dir, 'lights'), { recursive: true });
    expect(await moveNoClobber(fs, from, to, { keepSource: true, reflink: true })).toBe('copy');
    expect(flags).toHaveLength(1);
    expect(flags[0]! & constants.COPYFILE_FICLONE).toBe(constants.COPYFILE_FICLONE);
    expect(flags[0]! & constants.COPYFILE_EXCL).toBe(constants.COPYFILE_EXCL);
    expect(readFileSync(to)).toEqual(readFileSync(from));
    expect(existsSync(from)).toBe(true);
  });

  it('removes a clone whose bytes differ and reports CHECKSUM_MISMATCH', async () => {
    const from = join(dir, 'dark.xisf');
    writeFileSync(from, Buffer.from('dark '.repeat(500)));
    const fs: WorkflowFs = {
      ...nodeFs,
      // A file system that hands back damaged bytes.
      copyFile: async (_src, dest) => writeFileSync(String(dest), Buffer.from('damaged')),
    };
    const to = join(dir, 'dark-copy.xisf');
    const error = await moveNoClobber(fs, from, to, { keepSource: true, reflink: true }).catch(
      (e: unknown) => e,
    );
    expect(isAstroError(error, 'CHECKSUM_MISMATCH')).toBe(true);
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(dir).some((name) => name.startsWith('dark-copy'))).toBe(false);
  });
});
