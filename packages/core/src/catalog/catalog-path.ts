import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * Where the catalog lives when the configuration does not say: the platform's per-user data folder.
 * Linux and others: `$XDG_DATA_HOME/astrocat/catalog.sqlite` (default `~/.local/share`); macOS:
 * `~/Library/Application Support/astrocat/catalog.sqlite`; Windows: `%LOCALAPPDATA%\astrocat\catalog.sqlite`.
 *
 * @example
 * ```ts
 * defaultCatalogPath({ HOME: '/home/ada' }, 'linux'); // '/home/ada/.local/share/astrocat/catalog.sqlite'
 * ```
 */
export function defaultCatalogPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || win32.join(env.USERPROFILE || homedir(), 'AppData', 'Local');
    return win32.join(base, 'astrocat', 'catalog.sqlite');
  }
  const home = env.HOME || homedir();
  if (platform === 'darwin')
    return posix.join(home, 'Library', 'Application Support', 'astrocat', 'catalog.sqlite');
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg =
    env.XDG_DATA_HOME && posix.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : posix.join(home, '.local', 'share');
  return posix.join(xdg, 'astrocat', 'catalog.sqlite');
}
