import { execFile } from 'node:child_process';

/** A program to run before or after an operation (e.g. stop and start a sync service). */
export interface CommandSpec {
  file: string;
  args?: string[];
  cwd?: string;
  /** Killed after this long; default 60 s. */
  timeoutMs?: number;
}

export interface CommandResult {
  command: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started (ENOENT, EACCES). */
  error?: string;
}

/**
 * Runs a program without a shell (no quoting or injection surprises), with a timeout, capturing
 * its output. Never throws: a failure is in the result.
 *
 * @example
 * ```ts
 * const result = await runCommand({ file: 'systemctl', args: ['--user', 'stop', 'dropbox'] });
 * if (result.exitCode !== 0) console.error(result.stderr);
 * ```
 */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const args = spec.args ?? [];
  return new Promise((resolve) => {
    execFile(
      spec.file,
      args,
      {
        cwd: spec.cwd,
        timeout: spec.timeoutMs ?? 60_000,
        shell: false,
        windowsHide: true,
        maxBuffer: 16 << 20,
      },
      (error, stdout, stderr) => {
        const failure = error as
          (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
        const result: CommandResult = {
          command: [spec.file, ...args],
          exitCode: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: Boolean(failure?.killed && failure.signal),
        };
        if (failure && typeof failure.code === 'string')
          result.error = `${failure.code}: ${failure.message}`;
        resolve(result);
      },
    );
  });
}

/** True when the command ran and exited 0. */
export function commandSucceeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.timedOut && result.error === undefined;
}
