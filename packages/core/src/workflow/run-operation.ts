import type { Diagnostic } from '../errors/index.js';
import { applyPlan, type ApplyOptions, type ApplyResult } from './apply-plan.js';
import type { Plan, PlannedOperation } from './plan.js';
import {
  commandSucceeded,
  runCommand,
  type CommandResult,
  type CommandSpec,
} from './run-command.js';
import { resumeAll } from './undo-operation.js';

export interface RunOptions extends ApplyOptions {
  /** Only build and return the plan: nothing is resumed, run or moved. */
  dryRun?: boolean;
  /** Run first, in order; a failing one stops the operation before anything moves. */
  pre?: CommandSpec[];
  /** Run last, always (also after a failure), e.g. to restart a sync service. */
  post?: CommandSpec[];
}

/** What a workflow command did: the plan, what it found, what was applied and resumed. */
export interface OperationRun {
  plan: Plan;
  diagnostics: Diagnostic[];
  /** null for a dry run, an empty plan, or when a pre command failed. */
  applied: ApplyResult | null;
  /** Interrupted operations finished before this one was planned. */
  resumed: ApplyResult[];
  commands: CommandResult[];
}

/**
 * The shared life cycle of prepare, cull, promote and cleanup: pre commands → finish interrupted
 * operations → plan → journal and apply → post commands. Planning after resuming matters: a plan
 * made while an older one is half done would fight over the same files.
 *
 * @example
 * ```ts
 * const run = await runOperation('/lib', () => planPrepare(options), { post: [{ file: 'dropbox', args: ['start'] }] });
 * ```
 */
export async function runOperation(
  libraryDir: string,
  build: () => Promise<PlannedOperation>,
  options: RunOptions = {},
): Promise<OperationRun> {
  if (options.dryRun) {
    const planned = await build();
    return { ...planned, applied: null, resumed: [], commands: [] };
  }
  const commands: CommandResult[] = [];
  try {
    for (const spec of options.pre ?? []) {
      const result = await runCommand(spec);
      commands.push(result);
      if (!commandSucceeded(result)) {
        const planned = await build();
        const message = `pre command ${result.command.join(' ')} failed; nothing was moved`;
        return {
          ...planned,
          diagnostics: [
            ...planned.diagnostics,
            { severity: 'error', code: 'WORKFLOW_PRE_COMMAND_FAILED', message },
          ],
          applied: null,
          resumed: [],
          commands,
        };
      }
    }
    const resumed = await resumeAll(libraryDir, options);
    const planned = await build();
    const applied = planned.plan.steps.length > 0 ? await applyPlan(planned.plan, options) : null;
    return { ...planned, applied, resumed, commands };
  } finally {
    for (const spec of options.post ?? []) commands.push(await runCommand(spec));
  }
}
