import { AstroError, ErrorCode } from '../errors/index.js';
import { applyPlan, resumeOperation, type ApplyOptions, type ApplyResult } from './apply-plan.js';
import { listOperations, readJournal, type JournalState } from './journal.js';
import { createPlan, type Plan, type PlanStep } from './plan.js';

/**
 * Finishes every interrupted operation in a library, oldest first (what `astrocat resume` does,
 * and what every workflow command does before planning anything new).
 *
 * @example
 * ```ts
 * for (const result of await resumeAll('/lib')) console.log(result.opId, result.counts);
 * ```
 */
export async function resumeAll(
  libraryDir: string,
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const operation of listOperations(libraryDir)) {
    if (operation.status === 'incomplete')
      results.push(await resumeOperation(operation.journalPath, options));
  }
  return results;
}

/**
 * The plan that reverses a finished operation: files moved back (to a `_2` name if their old
 * place is taken again), trashed files restored, copies and links moved to the trash, created
 * folders removed when empty, removed folders recreated. Header stamps are not reversed.
 */
export function planUndo(state: JournalState, options: { now?: Date } = {}): Plan {
  const { plan } = state;
  const restores: Omit<PlanStep, 'id'>[] = [];
  const createdDirs = new Set<string>();
  for (const step of [...plan.steps].reverse()) {
    const done = state.done.get(step.id);
    if (!done) continue;
    for (const dir of done.newDirs ?? []) createdDirs.add(dir);
    const reason = `undo ${plan.opId} step ${step.id}`;
    if ((done.outcome === 'moved' || done.outcome === 'deleted') && done.to && step.from) {
      restores.push({ op: 'move', from: done.to, to: step.from, reason });
    } else if ((done.outcome === 'copied' || done.outcome === 'linked') && done.to) {
      restores.push({ op: 'delete', from: done.to, reason });
    } else if (done.outcome === 'removed' && step.from) {
      restores.push({ op: 'mkdir', to: step.from, reason });
    }
  }
  // Deepest first, so a parent is empty by the time its turn comes; mkdir-created folders included.
  const removals = [...createdDirs]
    .sort((a, b) => b.length - a.length)
    .map((dir): Omit<PlanStep, 'id'> => ({
      op: 'rmdir',
      from: dir,
      reason: `undo ${plan.opId}: created folder`,
    }));
  return createPlan('undo', plan.libraryDir, [...restores, ...removals], {
    undoes: plan.opId,
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * Reverses the last finished operation that is not itself an undo and not undone yet. Refuses
 * while an operation is unfinished (resume it first). Returns null when there is nothing to undo.
 *
 * @example
 * ```ts
 * const result = await undoLast('/lib', { onMoved: (from, to) => catalog.moveFrame(from, to) });
 * ```
 */
export async function undoLast(
  libraryDir: string,
  options: ApplyOptions = {},
): Promise<ApplyResult | null> {
  const operations = listOperations(libraryDir);
  const unfinished = operations.filter((operation) => operation.status === 'incomplete');
  if (unfinished.length > 0) {
    throw new AstroError(
      ErrorCode.WORKFLOW_JOURNAL_INVALID,
      `operation ${unfinished[0]?.opId} is unfinished; resume it before undoing`,
      { details: { unfinished: unfinished.map((operation) => operation.opId) } },
    );
  }
  const last = operations
    .filter((operation) => operation.status === 'complete' && operation.kind !== 'undo')
    .pop();
  if (!last) return null;
  return applyPlan(planUndo(readJournal(last.journalPath)), options);
}
