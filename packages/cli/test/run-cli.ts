import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** Runs the built `astrocat` as a user would, in a fresh process. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, ASTROCAT_CONFIG: '', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    json<T>() {
      return JSON.parse(run.stdout) as T;
    },
  };
}
