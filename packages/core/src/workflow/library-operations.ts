import type { ApplyOptions, ApplyResult } from './apply-plan.js';
import { planRestoreRejects } from './cull.js';
import type { FrameSource } from './frame-source.js';
import { listOperations, readJournal, type OperationSummary } from './journal.js';
import type { Plan } from './plan.js';
import { runOperation, type OperationRun, type RunOptions } from './run-operation.js';
import { applyReport, type RunReport } from './run-report.js';
import { planUndo, resumeAll, undoLast } from './undo-operation.js';

export interface RestoreRejectsOptions {
  libraryDir: string;
  source: FrameSource;
  /** Only this pass's rejects; default every pass. */
  pass?: number;
  rejectRoot?: string;
}

/**
 * Moves culled frames from the reject tree back where they were culled from: planned,
 * journaled, resumable and undoable like every other operation.
 *
 * @example
 * ```ts
 * await restoreRejects({ libraryDir: '/lib', source, pass: 1, onMoved });
 * ```
 */
export function restoreRejects(options: RestoreRejectsOptions & RunOptions): Promise<OperationRun> {
  return runOperation(
    options.libraryDir,
    () =>
      planRestoreRejects({
        libraryDir: options.libraryDir,
        source: options.source,
        ...(options.pass !== undefined ? { pass: options.pass } : {}),
        ...(options.rejectRoot !== undefined ? { rejectRoot: options.rejectRoot } : {}),
      }),
    options,
  );
}

/**
 * The plan `undoLast` would apply, without applying it (for `undo --dry-run`); null when
 * nothing can be undone. The same choice as `undoLast`: the last complete, not-undone operation
 * that is not an undo itself.
 *
 * @example
 * ```ts
 * const plan = previewUndo('/lib');
 * if (plan) console.log(formatPlan(plan));
 * ```
 */
export function previewUndo(libraryDir: string): Plan | null {
  const last = listOperations(libraryDir)
    .filter((operation) => operation.status === 'complete' && operation.kind !== 'undo')
    .pop();
  return last ? planUndo(readJournal(last.journalPath)) : null;
}

/** Interrupted operations and the steps each still has to do (for `resume --dry-run`). */
export function pendingOperations(
  libraryDir: string,
): { operation: OperationSummary; remaining: Plan['steps'] }[] {
  return listOperations(libraryDir)
    .filter((operation) => operation.status === 'incomplete')
    .map((operation) => {
      const state = readJournal(operation.journalPath);
      return { operation, remaining: state.plan.steps.filter((step) => !state.done.has(step.id)) };
    });
}

/** One operation's journal as data: its plan and what each step did (for `journal --op`). */
export function operationDetails(
  libraryDir: string,
  opId: string,
): { operation: OperationSummary; plan: Plan; results: ApplyResult['results'] } | null {
  const operation = listOperations(libraryDir).find((o) => o.opId === opId);
  if (!operation) return null;
  const state = readJournal(operation.journalPath);
  const results = state.plan.steps.flatMap((step) => {
    const done = state.done.get(step.id);
    if (!done) return [];
    const result: ApplyResult['results'][number] = {
      id: step.id,
      op: step.op,
      outcome: done.outcome,
    };
    if (step.from !== undefined) result.from = step.from;
    const to = done.to ?? step.to;
    if (to !== undefined) result.to = to;
    if (done.error) result.error = done.error;
    if (done.note) result.note = done.note;
    return [result];
  });
  return { operation, plan: state.plan, results };
}

/**
 * `astrocat resume`: finishes every interrupted operation (or, dry, lists what each has left),
 * one report per operation.
 *
 * @example
 * ```ts
 * for (const report of await resumeLibrary('/lib', { onMoved })) console.log(report.counts);
 * ```
 */
export async function resumeLibrary(
  libraryDir: string,
  options: ApplyOptions & { dryRun?: boolean } = {},
): Promise<RunReport[]> {
  if (options.dryRun) {
    return pendingOperations(libraryDir).map(({ operation, remaining }) => {
      const plan = readJournal(operation.journalPath).plan;
      return applyReport({ ...plan, steps: remaining }, null, true);
    });
  }
  const results = await resumeAll(libraryDir, options);
  return results.map((result) => applyReport(readJournal(result.journalPath).plan, result));
}

/**
 * `astrocat undo`: reverses the last operation (or, dry, shows the plan that would); null when
 * there is nothing to undo.
 *
 * @example
 * ```ts
 * const report = await undoLibrary('/lib', { onMoved });
 * ```
 */
export async function undoLibrary(
  libraryDir: string,
  options: ApplyOptions & { dryRun?: boolean } = {},
): Promise<RunReport | null> {
  if (options.dryRun) {
    const plan = previewUndo(libraryDir);
    return plan ? applyReport(plan, null, true) : null;
  }
  const result = await undoLast(libraryDir, options);
  return result ? applyReport(readJournal(result.journalPath).plan, result) : null;
}
