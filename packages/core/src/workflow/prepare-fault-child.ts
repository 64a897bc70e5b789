/**
 * Child process for the fault-injection test: runs `prepare` (mode `prepare`) or a cull pass
 * (mode `cull`) over a generated library and is SIGKILLed by the test at random moments. Frame
 * records come from a manifest instead of header reading, so only the workflow is exercised.
 * Usage: node --import tsx prepare-fault-child.ts <manifest.json> prepare|cull
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FrameRecord } from '../metadata/frame-record.js';
import { cull } from './cull.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import { scanFrameSource } from './frame-source.js';
import { prepare } from './prepare.js';

export interface FaultManifest {
  from: string;
  libraryDir: string;
  /** Records by path relative to `from`, and by their planned path in the library. */
  frames: Record<string, FrameRecord>;
  /** Folder a cull pass works on. */
  cullDir: string;
  cullRule: string;
}

const manifest = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as FaultManifest;
const mode = process.argv[3] === 'cull' ? 'cull' : 'prepare';
const source = scanFrameSource(async (path) => {
  const frame = manifest.frames[relative(manifest.from, path)] ?? manifest.frames[path];
  if (!frame) throw new Error(`not in manifest: ${path}`);
  return { value: { ...frame, path }, diagnostics: [] };
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

let announced = false;
const common = {
  libraryDir: manifest.libraryDir,
  source,
  fs,
  onProgress: () => {
    if (!announced) process.stdout.write('applying\n');
    announced = true;
  },
};
process.stdout.write('ready\n');
const run =
  mode === 'prepare'
    ? await prepare({ ...common, from: manifest.from })
    : await cull({
        ...common,
        dir: join(manifest.cullDir),
        pass: 1,
        rule: manifest.cullRule,
        autoAcceptFraction: 1,
      });
const failed = run.applied?.results.filter((result) => result.outcome === 'failed') ?? [];
process.stdout.write(
  `${JSON.stringify({ steps: run.plan.steps.length, resumed: run.resumed.length, failed })}\n`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
