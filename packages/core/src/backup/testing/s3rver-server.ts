import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TestS3Server {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  bucket: string;
  directory: string;
  /** The server's process id (to read its CPU time). */
  pid: number;
  close(): Promise<void>;
}

/**
 * Starts a real S3 endpoint (s3rver) on 127.0.0.1 with a random port and a temp directory, and
 * sets the standard AWS environment credentials it accepts (S3RVER/S3RVER) when none are set.
 *
 * @example
 * ```ts
 * const s3 = await startTestS3Server();
 * const target = await openS3Target({ bucket: s3.bucket, endpoint: s3.endpoint });
 * ```
 */
export async function startTestS3Server(
  options: { bucket?: string; parentDirectory?: string } = {},
): Promise<TestS3Server> {
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  process.env.AWS_REGION ??= 'us-east-1';
  const bucket = options.bucket ?? 'astro-test';
  const directory = await mkdtemp(join(options.parentDirectory ?? tmpdir(), 'astrocat-s3rver-'));
  const script = join(dirname(fileURLToPath(import.meta.url)), 's3rver-child.cjs');
  // Resolve s3rver from this package so the child finds it whatever its cwd.
  const modulePaths = createRequire(import.meta.url).resolve.paths('s3rver') ?? [];
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: modulePaths.join(':'), NODE_OPTIONS: '' },
  });
  const port = await readPort(child);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    pid: child.pid ?? 0,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${err}`)));
    child.once('error', reject);
  });
}
