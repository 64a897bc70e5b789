import { describe, expect, it } from 'vitest';
import { uploadBuffers } from './upload-buffers.js';

describe('uploadBuffers', () => {
  it('reuses released buffers once, ignoring a double release and other sizes', () => {
    const buffers = uploadBuffers(1024, { maxFree: 2 });
    const a = buffers.acquire();
    expect(a.byteLength).toBe(1024);
    buffers.release(a.subarray(0, 10));
    buffers.release(a);
    buffers.release(new Uint8Array(2048));
    const b = buffers.acquire();
    expect(b.buffer).toBe(a.buffer);
    expect(buffers.acquire().buffer).not.toBe(a.buffer);
  });

  it('lets free buffers go when idle', async () => {
    const buffers = uploadBuffers(1024, { idleMs: 10 });
    const a = buffers.acquire();
    buffers.release(a);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(buffers.acquire().buffer).not.toBe(a.buffer);
  });
});
