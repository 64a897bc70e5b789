import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferSource } from '../io/byte-source.js';
import { hashBytes } from './hash-file.js';
import { openS3Target, type S3StorageTarget } from './s3-target.js';
import { listAllObjects } from './storage-target.js';
import { startTestS3Server, type TestS3Server } from './testing/s3rver-server.js';

const MiB = 1024 * 1024;

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('S3 target against s3rver', () => {
  let s3: TestS3Server;
  let target: S3StorageTarget;
  beforeAll(async () => {
    s3 = await startTestS3Server();
    target = await openS3Target({
      name: 'test',
      bucket: s3.bucket,
      prefix: 'lib',
      endpoint: s3.endpoint,
      partSizeBytes: 5 * MiB,
    });
  });
  afterAll(() => s3.close());

  it('stores a single-part object with our metadata and a plain MD5 ETag', async () => {
    const bytes = randomBytes(100_000);
    const h = hashBytes(bytes);
    const put = await target.put({
      key: 'rig/a.fits',
      source: bufferSource(bytes),
      sha256: h.sha256,
      sizeBytes: bytes.length,
      mtimeMs: 1_700_000_000_123,
    });
    expect(put).toMatchObject({ partCount: 1, etag: h.md5, md5: h.md5 });
    const head = await target.head('rig/a.fits');
    expect(head).toMatchObject({
      sizeBytes: bytes.length,
      facts: { sha256: h.sha256, sizeBytes: bytes.length, mtimeMs: 1_700_000_000_123 },
      archiveState: 'not-archived',
    });
    expect((await readAll(await target.get('rig/a.fits'))).equals(bytes)).toBe(true);
    expect(
      (await readAll(await target.get('rig/a.fits', { range: { start: 10, end: 19 } }))).equals(
        bytes.subarray(10, 20),
      ),
    ).toBe(true);
  });

  it('uploads multipart with per-part checksums and keeps metadata', async () => {
    const bytes = randomBytes(11 * MiB);
    const h = hashBytes(bytes);
    let sent = 0;
    const put = await target.put({
      key: 'rig/big.xisf',
      source: bufferSource(bytes),
      sha256: h.sha256,
      sizeBytes: bytes.length,
      mtimeMs: 5,
      onBytes: (n) => (sent += n),
    });
    expect(put.partCount).toBe(3);
    expect(sent).toBe(bytes.length);
    const head = await target.head('rig/big.xisf');
    expect(head?.facts.sha256).toBe(h.sha256);
    expect(head?.sizeBytes).toBe(bytes.length);
    expect((await readAll(await target.get('rig/big.xisf'))).equals(bytes)).toBe(true);
  });

  it('refuses to upload when the bytes do not match the declared hash', async () => {
    const bytes = randomBytes(1000);
    await expect(
      target.put({
        key: 'x.fits',
        source: bufferSource(bytes),
        sha256: '0'.repeat(64),
        sizeBytes: 1000,
        mtimeMs: 0,
      }),
    ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(await target.head('x.fits')).toBeNull();
  });

  it('lists page by page under the prefix and deletes', async () => {
    for (let i = 0; i < 5; i++) {
      const bytes = Buffer.from(`file ${i}`);
      await target.put({
        key: `page/f${i}.fits`,
        source: bufferSource(bytes),
        sha256: hashBytes(bytes).sha256,
        sizeBytes: bytes.length,
        mtimeMs: 0,
      });
    }
    const first = await target.list({ prefix: 'page/', pageSize: 2 });
    expect(first.objects.map((o) => o.key)).toEqual(['page/f0.fits', 'page/f1.fits']);
    expect(first.nextPageToken).toBeDefined();
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await target.list({ prefix: 'page/', pageSize: 2, pageToken: token });
      all.push(...page.objects.map((o) => o.key));
      token = page.nextPageToken;
    } while (token);
    expect(all).toHaveLength(5);
    await target.delete('page/f0.fits');
    const keys = [];
    for await (const o of listAllObjects(target, 'page/')) keys.push(o.key);
    expect(keys).toEqual(['page/f1.fits', 'page/f2.fits', 'page/f3.fits', 'page/f4.fits']);
    expect(await target.head('page/f0.fits')).toBeNull();
  });
});
