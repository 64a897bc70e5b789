/**
 * Child process of bench/scan.ts: one cold-catalog scan, then (optionally) the hashing agent.
 * Plain JavaScript on the built package, so the figures are the scan's own: no TypeScript loader
 * thread in the memory or CPU counts, and the header worker threads exist (only built).
 *
 *   node --expose-gc bench/scan-child.mjs LIBRARY DB scan|hash
 */
import { rmSync } from 'node:fs';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { Catalog } from '../packages/core/dist/catalog/index.js';
import { createFileAgent, runAgents, scanFolders } from '../packages/core/dist/ingest/index.js';

const [library, dbPath, mode] = process.argv.slice(2);
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
const catalog = await Catalog.open({ path: dbPath });
const workers = process.env.WORKERS ? Number(process.env.WORKERS) : undefined;
const cpuStart = process.cpuUsage();
const start = performance.now();
const result = await scanFolders(catalog, [library], {
  extensions: ['.fits'],
  ignore: [],
  ...(workers === undefined ? {} : { workers }),
});
const scanSec = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
// Peak memory of the scan alone, before hashing reads files of its own; and what stays reachable
// once garbage is collected (with --expose-gc), which must not grow with the number of files.
const scanMaxRssMb = process.resourceUsage().maxRSS / 1024;
globalThis.gc?.();
const retainedHeapMb = process.memoryUsage().heapUsed / 1e6;
let hashSec = null;
if (mode === 'hash') {
  const t = performance.now();
  await runAgents(catalog, [createFileAgent()], { concurrency: 4 });
  hashSec = (performance.now() - t) / 1000;
}
catalog.close();
process.stdout.write(
  JSON.stringify({
    files: result.added,
    errors: result.errors.length,
    scanSec,
    // CPU seconds of all threads: what the scan costs, whatever else the machine is doing.
    scanCpuSec: (cpu.user + cpu.system) / 1e6,
    hashSec,
    scanMaxRssMb,
    retainedHeapMb,
  }) + '\n',
);
