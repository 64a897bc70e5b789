import { describe, expect, it } from 'vitest';
import { detectJournalMode, fileSystemTypeOf, isUncPath, parseMounts } from './journal-mode.js';

const MOUNTS = `/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
nas:/volume1/astro /mnt/nas nfs4 rw,relatime,vers=4.1 0 0
//server/share /mnt/smb\\040share cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/nas/local-cache ext4 rw 0 0
me@host:/data /home/me/remote fuse.sshfs rw,nosuid 0 0
`;

describe('journal mode detection', () => {
  it('parses /proc/mounts, undoing octal escapes', () => {
    expect(parseMounts(MOUNTS).map((m) => [m.mountPoint, m.fsType])).toEqual([
      ['/', 'ext4'],
      ['/proc', 'proc'],
      ['/mnt/nas', 'nfs4'],
      ['/mnt/smb share', 'cifs'],
      ['/mnt/nas/local-cache', 'ext4'],
      ['/home/me/remote', 'fuse.sshfs'],
    ]);
  });

  it('finds the innermost mount on path boundaries', () => {
    const mounts = parseMounts(MOUNTS);
    expect(fileSystemTypeOf('/mnt/nas/astro/catalog.sqlite', mounts)).toBe('nfs4');
    expect(fileSystemTypeOf('/mnt/nas/local-cache/catalog.sqlite', mounts)).toBe('ext4');
    expect(fileSystemTypeOf('/mnt/nasty/catalog.sqlite', mounts)).toBe('ext4');
    expect(fileSystemTypeOf('/mnt/nas', mounts)).toBe('nfs4');
  });

  it.each([
    ['/home/me/.local/share/astrocat/catalog.sqlite', 'wal'],
    ['/mnt/nas/astro/catalog.sqlite', 'delete'],
    ['/mnt/smb share/catalog.sqlite', 'delete'],
    ['/home/me/remote/catalog.sqlite', 'delete'],
    ['/mnt/nas/local-cache/catalog.sqlite', 'wal'],
  ])('%s -> %s on Linux', (path, mode) => {
    expect(detectJournalMode(path, { platform: 'linux', mountsText: MOUNTS })).toBe(mode);
  });

  it('uses a rollback journal on Windows UNC paths only', () => {
    expect(isUncPath('\\\\nas\\astro\\catalog.sqlite')).toBe(true);
    expect(isUncPath('//nas/astro/catalog.sqlite')).toBe(true);
    expect(isUncPath('\\\\?\\UNC\\nas\\astro\\catalog.sqlite')).toBe(true);
    expect(isUncPath('\\\\?\\C:\\astro\\catalog.sqlite')).toBe(false);
    expect(detectJournalMode('\\\\nas\\astro\\catalog.sqlite', { platform: 'win32' })).toBe(
      'delete',
    );
    expect(
      detectJournalMode('C:\\Users\\me\\AppData\\Local\\astrocat\\catalog.sqlite', {
        platform: 'win32',
      }),
    ).toBe('wal');
  });

  it('defaults to WAL where mounts cannot be read', () => {
    expect(detectJournalMode('/Users/me/catalog.sqlite', { platform: 'darwin' })).toBe('wal');
  });
});
