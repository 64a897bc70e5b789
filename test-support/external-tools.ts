import { execFileSync } from 'node:child_process';

/**
 * Peers we compare against (astropy, fitsverify, source-extractor...) come from Debian packages
 * that `.ci/run` installs. On a developer machine without them the comparison tests are skipped
 * with a reason; under CI a missing tool is a failure, so CI can never go green without them.
 */
export function hasCommand(command: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch (error) {
    // A tool that exists but exits non-zero for --version still exists.
    return (
      (error as NodeJS.ErrnoException).code !== 'ENOENT' &&
      (error as { status?: number }).status !== undefined
    );
  }
}

/** Debian's python3 (astropy and friends only work with it, not a pyenv one). */
export const debianPython = '/usr/bin/python3';

export function hasPythonModule(module: string): boolean {
  try {
    execFileSync(debianPython, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when the peer is available. Under CI a missing peer throws, so the suite fails
 * instead of silently skipping the comparison.
 */
export function requirePeer(name: string, available: boolean): boolean {
  if (!available && process.env.CI) {
    throw new Error(`${name} is required under CI (installed by .ci/run) but was not found`);
  }
  return available;
}
