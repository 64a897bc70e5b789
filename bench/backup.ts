/**
 * Benchmark: back up ~2 GB of FITS-like files (a few large, many small) to a local S3 server
 * (s3rver in its own process) with our post-upload checks on, and in the same run upload the same
 * files with `rclone copy` (Debian) to the same server. Prints MB/s for both and the ratio.
 *
 *   npx tsx bench/backup.ts [TOTAL_MB=2000] [--deep]
 *
 * Large files are 250 MB (above rclone's 200 MiB multipart cutoff), small ones 10 MB; half the
 * bytes each. Data is random; files go to a temp folder that is removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  memoryBackupLedger,
  openS3Target,
  planBackup,
  runBackup,
  verifyBackup,
  type BackupItem,
} from '../packages/core/src/backup/index.js';
import { hashFile } from '../packages/core/src/ingest/index.js';
import { startTestS3Server } from '../packages/core/src/backup/testing/s3rver-server.js';

const MB = 1_000_000;
const totalMb = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 2000);
const deep = process.argv.includes('--deep');

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

async function runOurs(items: BackupItem[], endpoint: string, prefix: string) {
  spawnSync('sync');
  const known = items.every((item) => item.sha256 && item.md5);
  process.stderr.write(
    `astrocat backup to ${prefix}/ (${known ? 'hashes from the catalog' : 'hash'}, upload, HEAD check per object) ...\n`,
  );
  const fresh = items;
  const target = await openS3Target({ name: 'bench', bucket: 'bench', prefix, endpoint });
  const ledger = memoryBackupLedger();
  const started = performance.now();
  const plan = await planBackup({ source: fresh, ledger, target: 'bench' });
  const report = await runBackup({ plan, target, ledger });
  const seconds = (performance.now() - started) / 1000;
  if (report.failed > 0) throw new Error(`backup failed: ${JSON.stringify(report.diagnostics)}`);
  return { seconds, target, ledger };
}

function runRclone(dir: string, endpoint: string): number {
  spawnSync('sync');
  process.stderr.write('rclone copy ...\n');
  // rclone's S3 backend fails on AWS_CA_BUNDLE over plain http; the server is loopback http.
  const { AWS_CA_BUNDLE: _caBundle, ...env } = process.env;
  const started = performance.now();
  const rclone = spawnSync('rclone', ['copy', dir, 'bench:bench/rclone', '--s3-no-check-bucket'], {
    encoding: 'utf8',
    env: {
      ...env,
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
      RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
      RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
      RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (rclone.status !== 0) throw new Error(`rclone failed: ${rclone.stderr}`);
  return seconds;
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'astrocat-bench-backup-'));
  const s3 = await startTestS3Server({ bucket: 'bench' });
  try {
    process.stderr.write(`generating ~${totalMb} MB in ${root} ...\n`);
    const items = await generate(join(root, 'library'));
    const totalBytes = items.reduce((sum, i) => sum + i.sizeBytes, 0);
    const large = items.filter((i) => i.sizeBytes > 100 * MB).length;
    process.stderr.write(
      `${items.length} files (${large} large, ${items.length - large} small), ${(totalBytes / MB).toFixed(0)} MB\n`,
    );

    // Runs go A-B-A (ours, rclone, ours) with a sync before each, so neither tool pays for the
    // other's write-back or benefits from running first; ours is reported as the mean. These
    // runs hash every file first (a cold library nobody cataloged).
    const oursFirst = await runOurs(items, s3.endpoint, 'astrocat1');
    const rcloneSec = runRclone(join(root, 'library'), s3.endpoint);
    const oursSecond = await runOurs(items, s3.endpoint, 'astrocat2');
    const oursSec = (oursFirst.seconds + oursSecond.seconds) / 2;
    const { target, ledger } = oursSecond;
    // The usual flow: `scan` already hashed every file (the file agent), and backup is planned
    // from the catalog. That hashing is timed on its own, as it happens at scan time.
    const hashStart = performance.now();
    const cataloged: BackupItem[] = [];
    for (const item of items) {
      const { sha256, md5 } = await hashFile(item.path);
      cataloged.push({ ...item, sha256, md5 });
    }
    const hashSec = (performance.now() - hashStart) / 1000;
    const oursCataloged = await runOurs(cataloged, s3.endpoint, 'astrocat3');

    const rows = [
      {
        tool: 'astrocat backup (run 1)',
        seconds: oursFirst.seconds,
        mbPerSec: totalBytes / MB / oursFirst.seconds,
      },
      {
        tool: 'astrocat backup (run 2)',
        seconds: oursSecond.seconds,
        mbPerSec: totalBytes / MB / oursSecond.seconds,
      },
      { tool: 'astrocat backup (mean)', seconds: oursSec, mbPerSec: totalBytes / MB / oursSec },
      { tool: 'rclone copy', seconds: rcloneSec, mbPerSec: totalBytes / MB / rcloneSec },
      {
        tool: 'astrocat, catalog hashes',
        seconds: oursCataloged.seconds,
        mbPerSec: totalBytes / MB / oursCataloged.seconds,
      },
      { tool: '(scan-time hashing)', seconds: hashSec, mbPerSec: totalBytes / MB / hashSec },
    ];
    if (deep) {
      const verifyStart = performance.now();
      const verified = await verifyBackup({ target, ledger, kind: 'deep', concurrency: 4 });
      const verifySec = (performance.now() - verifyStart) / 1000;
      if (verified.counts.ok !== items.length)
        throw new Error(`deep verify: ${JSON.stringify(verified.counts)}`);
      rows.push({
        tool: 'astrocat verify --deep',
        seconds: verifySec,
        mbPerSec: totalBytes / MB / verifySec,
      });
    }
    for (const row of rows)
      console.log(
        `${row.tool.padEnd(24)} ${row.seconds.toFixed(1).padStart(7)} s ${row.mbPerSec.toFixed(1).padStart(8)} MB/s`,
      );
    console.log(
      `ratio astrocat/rclone, cold library:      ${(rcloneSec / oursSec).toFixed(2)}x (target >= 1.0x)`,
    );
    console.log(
      `ratio astrocat/rclone, planned from catalog: ${(rcloneSec / oursCataloged.seconds).toFixed(2)}x`,
    );
  } finally {
    await s3.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
