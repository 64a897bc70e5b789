import { describe, expect, it } from 'vitest';
import { HeaderReader } from './header-reader.js';

describe('HeaderReader', () => {
  it('reports a reader thread that died instead of waiting for it forever', async () => {
    const reader = new HeaderReader({
      workers: 1,
      workerUrl: new URL('./testing/dying-header-worker.mjs', import.meta.url),
    });
    try {
      reader.add([{ path: '/nowhere/a.fits', sizeBytes: 2880, mtimeMs: 0 }]);
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
