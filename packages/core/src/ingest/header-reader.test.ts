import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeaderReader } from './header-reader.js';

/** A file the reading side can open (what is in it does not matter to these tests). */
function someFile(): { path: string; sizeBytes: number; mtimeMs: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'astrocat-reader-')), 'a.fits');
  writeFileSync(path, Buffer.alloc(2880, 32));
  return { path, sizeBytes: 2880, mtimeMs: 0 };
}

describe('HeaderReader', () => {
  it('reports a reader thread that died instead of waiting for it forever', async () => {
    const reader = new HeaderReader({
      workers: 1,
      workerUrl: new URL('./testing/dying-header-worker.mjs', import.meta.url),
    });
    try {
      reader.add([someFile()]);
      await expect(reader.next()).rejects.toMatchObject({
        code: 'IO_ERROR',
        message: 'a header reader thread exited with code 3',
      });
    } finally {
      await reader.close();
    }
  });

  it('reads in this thread without workers, and is done once every chunk is taken', async () => {
    const reader = new HeaderReader({ workers: 0 });
    reader.add([{ path: '/nowhere/a.fits', sizeBytes: 2880, mtimeMs: 0 }]);
    const [result] = (await reader.next())!;
    expect(result).toMatchObject({ path: '/nowhere/a.fits', code: 'IO_ERROR' });
    expect(await reader.next()).toBeUndefined();
    await reader.close();
  });
});
