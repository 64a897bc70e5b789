import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultCatalogPath } from './catalog-path.js';

describe('defaultCatalogPath', () => {
  it('follows XDG on Linux', () => {
    expect(defaultCatalogPath({ HOME: '/home/ada', XDG_DATA_HOME: '/data/xdg' }, 'linux')).toBe(
      '/data/xdg/astrocat/catalog.sqlite',
    );
    expect(defaultCatalogPath({ HOME: '/home/ada' }, 'linux')).toBe(
      '/home/ada/.local/share/astrocat/catalog.sqlite',
    );
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    expect(defaultCatalogPath({ HOME: '/home/ada', XDG_DATA_HOME: 'rel' }, 'freebsd')).toBe(
      '/home/ada/.local/share/astrocat/catalog.sqlite',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultCatalogPath({ HOME: '/Users/ada' }, 'darwin')).toBe(
      '/Users/ada/Library/Application Support/astrocat/catalog.sqlite',
    );
  });

  it('uses LOCALAPPDATA on Windows', () => {
    expect(defaultCatalogPath({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\astrocat\\catalog.sqlite',
    );
    expect(defaultCatalogPath({ USERPROFILE: 'C:\\Users\\ada' }, 'win32')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\astrocat\\catalog.sqlite',
    );
  });

  it('falls back to the home directory', () => {
    expect(defaultCatalogPath({}, 'linux')).toBe(
      `${homedir()}/.local/share/astrocat/catalog.sqlite`,
    );
  });
});
