import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  cull,
  cullPassFor,
  cullTarget,
  runReport,
  type CullDecision,
  type CullGroup,
} from '@astro/core/workflow';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import {
  libraryDir,
  printReport,
  withWorkflow,
  workflowOptions,
  type WorkflowFlags,
} from './workflow-common.js';

interface CullFlags extends WorkflowFlags {
  rig?: string;
  pass: string;
  dir?: string;
}

export function register(program: Command): void {
  const command = program
    .command('cull')
    .description(
      "Move a rig's bad lights to the reject tree (<library>/_REJECT/pass<N>/...) by the pass's rule; groups above the auto-accept level are asked about.",
    )
    .option('--rig <name>', 'rig folder under the library, e.g. "SQA55@f5.3+ATR585M"')
    .requiredOption(
      '--pass <n>',
      'pass number: 1 (moderate) or 2 (strict), rules from workflow.cull',
    )
    .option('--dir <dir>', 'cull this folder instead of <library>/<rig>/10_Blink');
  workflowOptions(command).action(async (flags: CullFlags, cmd: Command) => {
    const ctx = createContext(cmd);
    const pass = Number(flags.pass);
    if (!Number.isInteger(pass) || pass < 1)
      throw new UsageError(`--pass must be 1 or 2, not ${flags.pass}`);
    if (!flags.rig && !flags.dir) throw new UsageError('give --rig NAME or --dir DIR');
    const library = libraryDir(ctx, flags.library);
    const target = cullTarget(library, {
      ...(flags.rig ? { rig: flags.rig } : {}),
      ...(flags.dir ? { dir: resolve(flags.dir) } : {}),
    });
    const settings = cullPassFor(ctx.config.workflow, target.rig, pass);
    const decide = decider(flags, ctx.out.json);
    const report = await withWorkflow(ctx, flags, async ({ binding, run }) => {
      const result = await cull({
        ...run,
        ...settings,
        libraryDir: library,
        dir: target.dir,
        source: binding.source,
        ...(decide ? { decide } : {}),
      });
      return runReport(result, { dryRun: flags.dryRun ?? false });
    });
    printReport(ctx, report);
  });
}

/** --yes / --no, a prompt on a terminal, or (dry run) no decision; otherwise refuse rather than guess. */
function decider(
  flags: CullFlags,
  json: boolean,
): ((group: CullGroup) => Promise<CullDecision>) | undefined {
  if (flags.yes) return async () => 'reject';
  if (flags.no) return async () => 'keep';
  if (flags.dryRun) return undefined;
  if (process.stdin.isTTY && !json) return ask;
  return async (group) => {
    throw new UsageError(
      `${group.folder}: ${group.rejects.length}/${group.total} rejects are above the auto-accept level and there is no terminal to ask; pass --yes or --no`,
    );
  };
}

async function ask(group: CullGroup): Promise<CullDecision> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const hfr = group.stats.hfr;
    const rms = group.stats.rms;
    process.stderr.write(
      [
        `\n${group.folder}`,
        `  ${group.rejects.length} of ${group.total} frames (${Math.round(group.rejectFraction * 100)} %) match the reject rule`,
        hfr
          ? `  HFR min ${hfr.min.toFixed(2)} median ${hfr.median.toFixed(2)} max ${hfr.max.toFixed(2)}`
          : '',
        rms
          ? `  RMS" min ${rms.min.toFixed(2)} median ${rms.median.toFixed(2)} max ${rms.max.toFixed(2)}`
          : '',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    const answer = await rl.question('Move them to the reject tree? [y/N] ');
    return /^y(es)?$/i.test(answer.trim()) ? 'reject' : 'keep';
  } finally {
    rl.close();
  }
}
