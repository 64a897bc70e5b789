import { describe, expect, it } from 'vitest';
import type { StoredFrame } from '../catalog/stored-frame.js';
import { backupConfigSchema, resolveTargetSpec } from './backup-config.js';
import { framesToBackupItems } from './frames-to-items.js';

describe('backup config and target choice', () => {
  const config = backupConfigSchema.parse({
    defaultTarget: 'wasabi',
    targets: {
      wasabi: {
        url: 's3://astro/library',
        endpoint: 'https://s3.wasabisys.com',
        storageClass: 'STANDARD',
      },
      nas: { path: '/mnt/nas/astro' },
      strict: { url: 's3://astro/strict', partChecksum: 'SHA256' },
    },
  });

  it('prefers --to, then --target, then the default', () => {
    expect(resolveTargetSpec(config, { to: 's3://other/x/', region: 'eu-west-1' })).toEqual({
      kind: 's3',
      bucket: 'other',
      prefix: 'x/',
      region: 'eu-west-1',
      name: 's3://other/x',
    });
    expect(resolveTargetSpec(config, { target: 'nas' })).toEqual({
      kind: 'folder',
      path: '/mnt/nas/astro',
      name: 'nas',
    });
    expect(resolveTargetSpec(config, {})).toEqual({
      kind: 's3',
      bucket: 'astro',
      prefix: 'library',
      name: 'wasabi',
      endpoint: 'https://s3.wasabisys.com',
      storageClass: 'STANDARD',
    });
  });

  it('passes the part checksum choice of a target on', () => {
    expect(resolveTargetSpec(config, { target: 'strict' })).toMatchObject({
      kind: 's3',
      partChecksum: 'SHA256',
    });
    expect(() =>
      backupConfigSchema.parse({ targets: { x: { url: 's3://x-y/z', partChecksum: 'MD5' } } }),
    ).toThrow();
  });

  it('says what is missing', () => {
    expect(() => resolveTargetSpec(config, { target: 'nope' })).toThrow(
      /no backup target named "nope"/,
    );
    expect(() => resolveTargetSpec(undefined, {})).toThrow(/--to/);
    expect(() => backupConfigSchema.parse({ targets: { x: { url: 'http://x' } } })).toThrow();
  });

  it('binds catalog frames to backup items with library-relative keys', () => {
    const frame = (path: string, extra: Partial<StoredFrame> = {}) =>
      ({
        path,
        sizeBytes: 10,
        mtimeMs: 5,
        sha256: null,
        md5: null,
        rig: 'r',
        target: 'M31',
        frameType: 'LIGHT',
        night: '2024-10-05',
        ...extra,
      }) as StoredFrame;
    const one = framesToBackupItems(
      [frame('/data/astro/r/M31/a.fits', { sha256: 'ab' })],
      ['/data/astro'],
    );
    expect(one).toEqual([
      {
        path: '/data/astro/r/M31/a.fits',
        relPath: 'r/M31/a.fits',
        sizeBytes: 10,
        mtimeMs: 5,
        sha256: 'ab',
        rig: 'r',
        target: 'M31',
        frameType: 'LIGHT',
        night: '2024-10-05',
      },
    ]);
    const two = framesToBackupItems(
      [frame('/data/astro/a.fits'), frame('/mnt/old/b.fits'), frame('/elsewhere/c.fits')],
      ['/data/astro', '/mnt/old'],
    );
    expect(two.map((i) => i.relPath)).toEqual(['astro/a.fits', 'old/b.fits', 'elsewhere/c.fits']);
  });
});
