/** Child process of bench/scan.ts: one cold-catalog scan, then (optionally) the hashing agent. Uses the built package (its header worker threads exist only there). */
import { rmSync } from 'node:fs';
import { Catalog } from '../packages/core/dist/catalog/index.js';
import { createFileAgent, runAgents, scanFolders } from '../packages/core/dist/ingest/index.js';

const [library, dbPath, mode] = process.argv.slice(2) as [string, string, string];
rmSync(dbPath, { force: true });
rmSync(`${dbPath}-wal`, { force: true });
rmSync(`${dbPath}-shm`, { force: true });
const catalog = await Catalog.open({ path: dbPath });
const cpuStart = process.cpuUsage();
const start = performance.now();
const workers = process.env.WORKERS ? Number(process.env.WORKERS) : undefined;
const result = await scanFolders(catalog, [library], {
  extensions: ['.fits'],
  ignore: [],
  ...(workers === undefined ? {} : { workers }),
});
const scanSec = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
// CPU seconds of all threads: what the scan costs, whatever else the machine is doing.
const scanCpuSec = (cpu.user + cpu.system) / 1e6;
// Peak memory of the scan alone, before hashing reads files of its own.
const scanMaxRssMb = process.resourceUsage().maxRSS / 1024;
let hashSec: number | null = null;
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
    scanCpuSec,
    hashSec,
    scanMaxRssMb,
  }) + '\n',
);
