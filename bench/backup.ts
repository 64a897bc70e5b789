/**
 * Benchmark: back up ~2 GB of FITS-like files (a few large, many small) to a local S3 server
 * (s3rver in its own process) with our post-upload checks on, and in the same run upload the same
 * files with `rclone copy` (Debian) to the same server. Prints MB/s for both and the ratio.
 *
 *   npx tsx bench/backup.ts [TOTAL_MB=2000] [--rounds=3] [--deep]
 *
 * Large files are 250 MB (above rclone's 200 MiB multipart cutoff), small ones 10 MB; half the
 * bytes each. Data is random; files go to a temp folder that is removed afterwards.
 *
 * Fairness: both tools run as a child process and are timed the same way, from spawn to exit
 * (so ours includes starting Node and loading the SDK). Three runs are compared: astrocat on a
 * cold library (it hashes every byte itself), astrocat planned from catalog hashes (the usual
 * flow after `scan`; it still hashes every byte it sends), and rclone. Each round runs all three
 * in a rotated order, so over three rounds each side runs once first, second and third; before
 * each run the previous run's objects are deleted from the server and `sync` flushes the
 * page cache's dirty data, so every run starts from the same server state. The verdict uses the
 * median of each side; the best runs are printed too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  memoryBackupLedger,
  openS3Target,
  planBackup,
  runBackup,
  verifyBackup,
  type BackupItem,
} from '../packages/core/src/backup/index.js';
import { startTestS3Server } from '../packages/core/src/backup/testing/s3rver-server.js';
import { hashFile } from '../packages/core/src/io/hash-file.js';

const MB = 1_000_000;
const BUCKET = 'bench';
const argv = process.argv.slice(2);
const totalMb = Number(argv.find((a) => /^\d+$/.test(a)) ?? 2000);
const rounds = Number(
  /^--rounds=(\d+)$/.exec(argv.find((a) => a.startsWith('--rounds=')) ?? '')?.[1] ?? 3,
);
const deep = argv.includes('--deep');

type Side = 'astrocat' | 'astrocat-catalog' | 'rclone';
interface Run {
  side: Side;
  round: number;
  seconds: number;
  /** User + system CPU seconds of the client process, when GNU time is available. */
  clientCpuSec: number | null;
  /** CPU seconds the S3 server spent during the run. */
  serverCpuSec: number;
  /** One-minute load average just before the run (the machine is shared). */
  loadBefore: number;
}

async function generate(root: string): Promise<BackupItem[]> {
  const large = Math.max(1, Math.round(totalMb / 2 / 250));
  const small = Math.max(1, Math.round(totalMb / 2 / 10));
  const specs = [
    ...Array.from({ length: large }, (_, i) => ({
      relPath: `rigA/20_Data/M31/DATE_2024-10-05/master_${i}.fits`,
      bytes: 250 * MB,
    })),
    ...Array.from({ length: small }, (_, i) => ({
      relPath: `rigA/10_Blink/M31/DATE_2024-10-0${i % 3}/light_${String(i).padStart(4, '0')}.fits`,
      bytes: 10 * MB,
    })),
  ];
  const chunk = Buffer.alloc(10 * MB);
  const items: BackupItem[] = [];
  for (const spec of specs) {
    const path = join(root, spec.relPath);
    await mkdir(join(path, '..'), { recursive: true });
    const parts: Buffer[] = [];
    for (let done = 0; done < spec.bytes; done += chunk.length)
      parts.push(Buffer.from(randomFillSync(chunk)));
    await writeFile(path, Buffer.concat(parts).subarray(0, spec.bytes));
    const info = await stat(path);
    items.push({
      path,
      relPath: spec.relPath,
      sizeBytes: info.size,
      mtimeMs: info.mtimeMs,
      frameType: 'LIGHT',
    });
  }
  return items;
}

/** The child side of an astrocat run: plan and back up the items, exit non-zero on any failure. */
async function childBackup(itemsFile: string, endpoint: string, prefix: string): Promise<void> {
  const items = JSON.parse(await readFile(itemsFile, 'utf8')) as BackupItem[];
  const target = await openS3Target({ name: 'bench', bucket: BUCKET, prefix, endpoint });
  const ledger = memoryBackupLedger();
  const plan = await planBackup({ source: items, ledger, target: 'bench' });
  const report = await runBackup({ plan, target, ledger });
  if (report.failed > 0 || report.uploaded !== items.length) {
    process.stderr.write(`backup failed: ${JSON.stringify(report.diagnostics.slice(0, 3))}\n`);
    process.exit(1);
  }
}

function serverCpuSec(pid: number): number {
  // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second here).
  const fields = spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' })
    .stdout.replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command to completion; wall time from spawn to exit, and its CPU time via GNU time. */
async function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cpuFile: string,
): Promise<{ seconds: number; cpuSec: number | null }> {
  const [file, fullArgs] = GNU_TIME
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawn(file, fullArgs, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('exit', resolve);
    child.once('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} failed (${code}): ${stderr}`);
  let cpuSec: number | null = null;
  if (GNU_TIME) {
    const [user, sys] = (await readFile(cpuFile, 'utf8')).trim().split(/\s+/).map(Number);
    cpuSec = (user ?? NaN) + (sys ?? NaN);
  }
  return { seconds, cpuSec };
}

function rcloneArgs(dir: string, prefix: string): string[] {
  return ['copy', dir, `bench:${BUCKET}/${prefix}`, '--s3-no-check-bucket'];
}

function rcloneEnv(endpoint: string): NodeJS.ProcessEnv {
  // rclone's S3 backend fails on AWS_CA_BUNDLE over plain http; the server is loopback http.
  const { AWS_CA_BUNDLE: _caBundle, ...env } = process.env;
  return {
    ...env,
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
    RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(mid)] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main() {
  if (argv[0] === '--child') {
    await childBackup(argv[1] as string, argv[2] as string, argv[3] as string);
    return;
  }
  if (spawnSync('rclone', ['version']).status !== 0)
    throw new Error('rclone not found (apt install rclone)');
  const root = await mkdtemp(join(tmpdir(), 'astrocat-bench-backup-'));
  const s3 = await startTestS3Server({ bucket: BUCKET });
  try {
    process.stderr.write(`generating ~${totalMb} MB in ${root} ...\n`);
    const library = join(root, 'library');
    const items = await generate(library);
    const totalBytes = items.reduce((sum, i) => sum + i.sizeBytes, 0);
    const totalMbExact = totalBytes / MB;
    const large = items.filter((i) => i.sizeBytes > 100 * MB).length;
    process.stderr.write(
      `${items.length} files (${large} large, ${items.length - large} small), ${totalMbExact.toFixed(0)} MB\n`,
    );

    // The usual flow: `scan` already hashed every file (the file agent) and backup is planned
    // from the catalog. That hashing happens at scan time and is timed on its own.
    const hashStart = performance.now();
    const cataloged: BackupItem[] = [];
    for (const item of items) {
      const { sha256, md5 } = await hashFile(item.path);
      cataloged.push({ ...item, sha256, md5 });
    }
    const hashSec = (performance.now() - hashStart) / 1000;
    const coldFile = join(root, 'items-cold.json');
    const catalogFile = join(root, 'items-catalog.json');
    await writeFile(coldFile, JSON.stringify(items));
    await writeFile(catalogFile, JSON.stringify(cataloged));

    const self = fileURLToPath(import.meta.url);
    const astrocatArgs = (file: string, prefix: string) => [
      ...process.execArgv,
      self,
      '--child',
      file,
      s3.endpoint,
      prefix,
    ];
    // What starting our child costs by itself (Node, tsx compiling from source, the SDK).
    const emptyFile = join(root, 'items-none.json');
    await writeFile(emptyFile, '[]');
    const startup = await timed(
      process.execPath,
      astrocatArgs(emptyFile, 'none'),
      process.env,
      join(root, 'cpu.txt'),
    );
    const sides: Side[] = ['astrocat', 'rclone', 'astrocat-catalog'];
    const runs: Run[] = [];
    process.stderr.write(
      `load average before the runs: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(i + round) % sides.length] as Side;
        const prefix = `r${round}-${side}`;
        spawnSync('sync');
        const loadBefore = loadavg()[0] ?? 0;
        const cpuBefore = serverCpuSec(s3.pid);
        const cpuFile = join(root, 'cpu.txt');
        const result =
          side === 'rclone'
            ? await timed('rclone', rcloneArgs(library, prefix), rcloneEnv(s3.endpoint), cpuFile)
            : await timed(
                process.execPath,
                astrocatArgs(side === 'astrocat' ? coldFile : catalogFile, prefix),
                process.env,
                cpuFile,
              );
        const run: Run = {
          side,
          round,
          seconds: result.seconds,
          clientCpuSec: result.cpuSec,
          serverCpuSec: serverCpuSec(s3.pid) - cpuBefore,
          loadBefore,
        };
        runs.push(run);
        process.stderr.write(
          `round ${round + 1} ${side.padEnd(17)} ${run.seconds.toFixed(1)} s ${(totalMbExact / run.seconds).toFixed(1)} MB/s\n`,
        );
        // Every run starts from the same server state: an empty bucket and no dirty pages.
        await rm(join(s3.directory, BUCKET, prefix), { recursive: true, force: true });
      }
    }

    const cpu = (value: number | null) =>
      value === null ? '     -' : value.toFixed(1).padStart(6);
    console.log(
      `${items.length} files, ${totalMbExact.toFixed(0)} MB, ${rounds} rounds; time from spawn to exit`,
    );
    console.log('run  tool               seconds     MB/s  client CPU s  server CPU s  load');
    for (const run of runs)
      console.log(
        `${String(run.round + 1).padStart(3)}  ${run.side.padEnd(17)} ${run.seconds.toFixed(1).padStart(7)} ${(totalMbExact / run.seconds).toFixed(1).padStart(8)}  ${cpu(run.clientCpuSec).padStart(12)}  ${cpu(run.serverCpuSec).padStart(12)}  ${run.loadBefore.toFixed(1).padStart(4)}`,
      );
    const summary = new Map<Side, { best: number; median: number }>();
    for (const side of sides) {
      const seconds = runs.filter((r) => r.side === side).map((r) => r.seconds);
      summary.set(side, { best: Math.min(...seconds), median: median(seconds) });
    }
    console.log('tool               median MB/s  best MB/s');
    for (const [side, s] of summary)
      console.log(
        `${side.padEnd(17)} ${(totalMbExact / s.median).toFixed(1).padStart(12)} ${(totalMbExact / s.best).toFixed(1).padStart(10)}`,
      );
    console.log(
      `(scan-time hashing, SHA-256 + MD5: ${hashSec.toFixed(1)} s, ${(totalMbExact / hashSec).toFixed(1)} MB/s)`,
    );
    console.log(
      `(astrocat child start-up alone, Node + tsx from source + SDK: ${startup.seconds.toFixed(2)} s, included in its times)`,
    );
    const rclone = summary.get('rclone')!;
    for (const side of ['astrocat', 'astrocat-catalog'] as const) {
      const ours = summary.get(side)!;
      console.log(
        `ratio ${side}/rclone: median ${(rclone.median / ours.median).toFixed(2)}x, best ${(rclone.best / ours.best).toFixed(2)}x (target >= 1.0x)`,
      );
    }

    if (deep) {
      const target = await openS3Target({
        name: 'bench',
        bucket: BUCKET,
        prefix: 'verify',
        endpoint: s3.endpoint,
      });
      const ledger = memoryBackupLedger();
      await runBackup({
        plan: await planBackup({ source: cataloged, ledger, target: 'bench' }),
        target,
        ledger,
      });
      const verifyStart = performance.now();
      const verified = await verifyBackup({ target, ledger, kind: 'deep', concurrency: 4 });
      const verifySec = (performance.now() - verifyStart) / 1000;
      if (verified.counts.ok !== items.length)
        throw new Error(`deep verify: ${JSON.stringify(verified.counts)}`);
      console.log(
        `astrocat verify --deep: ${verifySec.toFixed(1)} s, ${(totalMbExact / verifySec).toFixed(1)} MB/s`,
      );
    }
  } finally {
    await s3.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
