import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Takes the library's workflow lock (`.astrocat/lock`, holding the owner's pid) so two runs never
 * apply plans to one library at once. A lock left by a killed process is taken over.
 *
 * @example
 * ```ts
 * const release = acquireLibraryLock('/lib');
 * try { ... } finally { release(); }
 * ```
 */
export function acquireLibraryLock(libraryDir: string): () => void {
  const dir = join(libraryDir, '.astrocat');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSafe(path), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new AstroError(
          ErrorCode.WORKFLOW_LOCKED,
          `library ${libraryDir} is in use by process ${pid}`,
          {
            details: { libraryDir, pid },
          },
        );
      }
      try {
        unlinkSync(path);
      } catch {
        // Another process took the stale lock first; try again.
      }
    }
  }
  throw new AstroError(ErrorCode.WORKFLOW_LOCKED, `could not lock library ${libraryDir}`, {
    details: { libraryDir },
  });
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
