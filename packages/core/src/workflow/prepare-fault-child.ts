/**
 * Child process for the fault-injection test: runs `prepare` over a generated capture folder and
 * is SIGKILLed by the test at random moments. Frame records come from a manifest instead of header
 * reading, so the test exercises only the workflow. Usage: node --import tsx prepare-fault-child.ts <manifest.json>
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { FrameRecord } from '../metadata/frame-record.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import { scanFrameSource } from './frame-source.js';
import { prepare } from './prepare.js';

interface Manifest {
  from: string;
  libraryDir: string;
  /** Records keyed by path relative to `from`. */
  frames: Record<string, FrameRecord>;
}

const manifest = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Manifest;
const source = scanFrameSource(async (path) => {
  const frame = manifest.frames[relative(manifest.from, path)];
  if (!frame) throw new Error(`not in manifest: ${path}`);
  return { value: frame, diagnostics: [] };
});

// A pause before some links and some unlinks stretches the run so kills land in every state:
// begun but not linked, linked but not unlinked, done but not journaled.
let calls = 0;
const pauses = process.env.FAULT_NO_PAUSE !== '1';
const fs: WorkflowFs = {
  ...nodeFs,
  link: async (from, to) => {
    if (pauses && calls++ % 2 === 0) await sleep(1);
    return nodeFs.link(from, to);
  },
  unlink: async (path) => {
    if (pauses && calls++ % 3 === 0) await sleep(1);
    return nodeFs.unlink(path);
  },
};

process.stdout.write('ready\n');
let announced = false;
const run = await prepare({
  from: manifest.from,
  libraryDir: manifest.libraryDir,
  source,
  fs,
  onProgress: () => {
    if (!announced) process.stdout.write('applying\n');
    announced = true;
  },
});
const failed = run.applied?.results.filter((result) => result.outcome === 'failed') ?? [];
process.stdout.write(
  `${JSON.stringify({ steps: run.plan.steps.length, resumed: run.resumed.length, failed })}\n`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
