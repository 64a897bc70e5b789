import { join } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import {
  executeStep,
  isTransfer,
  prepareTransfer,
  type StepContext,
  type StepEffect,
} from './apply-step.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';
import {
  Journal,
  journalDir,
  readJournal,
  type BeginRecord,
  type DoneRecord,
  type JournalState,
  type StepError,
  type StepOutcome,
} from './journal.js';
import { acquireLibraryLock } from './library-lock.js';
import type { Plan, PlanStep } from './plan.js';

/** Writes header cards into a file in place or by a verified swap; see `stampHeaderCards`. */
export type HeaderStamper = (
  fs: WorkflowFs,
  path: string,
  cards: NonNullable<PlanStep['cards']>,
) => Promise<unknown>;

export interface ApplyOptions {
  fs?: WorkflowFs;
  /**
   * Called after a file changed place (move, delete into the trash, undo) and before the step is
   * marked done, so the catalog follows in the same step. After a crash it may be called again
   * for the same move: it must be idempotent.
   */
  onMoved?: (from: string, to: string, step: PlanStep) => void | Promise<void>;
  onProgress?: (progress: { done: number; total: number; result: StepResult }) => void;
  signal?: AbortSignal;
  stampHeader?: HeaderStamper;
  /** fsync the journal before each batch of moves (default true); false trades power-loss safety for speed. */
  durable?: boolean;
}

export interface StepResult {
  id: number;
  op: PlanStep['op'];
  from?: string;
  /** The path actually used (may differ from the plan by a `_2` suffix, or be the duplicate). */
  to?: string;
  outcome: StepOutcome;
  error?: StepError;
  note?: string;
}

export interface ApplyResult {
  opId: string;
  kind: Plan['kind'];
  journalPath: string;
  results: StepResult[];
  counts: Partial<Record<StepOutcome, number>>;
}

/**
 * Steps resolved together: their begin records share one fsync. Recovery judges by the disk, so
 * a begin record for a step that never started is harmless (the step is simply redone).
 */
const BATCH_STEPS = 64;

/**
 * Journals a plan and applies it step by step. Per-file failures (EACCES, ENOSPC, EBUSY, ...)
 * become `failed` results and the run goes on; a killed run is finished by {@link resumeOperation}.
 *
 * @example
 * ```ts
 * const result = await applyPlan(plan, { onMoved: (from, to) => catalog.moveFrame(from, to) });
 * ```
 */
export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const release = acquireLibraryLock(plan.libraryDir);
  try {
    const journal = Journal.create(plan, { durable: options.durable ?? true });
    const state: JournalState = {
      path: journal.path,
      plan,
      begun: new Map(),
      done: new Map(),
      ended: false,
      undoneBy: null,
    };
    return await runJournal(state, journal, options);
  } finally {
    release();
  }
}

/** Finishes one interrupted operation from its journal, judging each unfinished step by the disk. */
export async function resumeOperation(
  journalPath: string,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const { plan } = readJournal(journalPath);
  const release = acquireLibraryLock(plan.libraryDir);
  try {
    // Read again under the lock: another run may have finished steps meanwhile.
    const journal = Journal.reopen(journalPath, { durable: options.durable ?? true });
    return await runJournal(readJournal(journalPath), journal, options);
  } finally {
    release();
  }
}

interface BatchItem {
  step: PlanStep;
  begin?: BeginRecord;
  fresh?: boolean;
  /** Already known: recorded in the journal (`recorded`) or decided while preparing. */
  result?: StepResult;
  recorded?: boolean;
}

async function runJournal(
  state: JournalState,
  journal: Journal,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { plan } = state;
  const context: StepContext = {
    fs: options.fs ?? nodeFs,
    plan,
    journal,
    options,
    knownDirs: new Set(),
    newDirs: new Map(),
  };
  const results: StepResult[] = [];
  try {
    let index = 0;
    while (index < plan.steps.length) {
      if (options.signal?.aborted) {
        throw new AstroError(
          ErrorCode.ABORTED,
          `${plan.kind} ${plan.opId} stopped; resume to finish`,
        );
      }
      const batch = await prepareBatch(context, state, index);
      index += batch.length;
      journal.sync();
      for (const item of batch) {
        let result = item.result;
        if (result === undefined) {
          result = withEffect(
            item.step,
            await executeStep(context, item.step, item.begin, item.fresh ?? false),
          );
        }
        if (!item.recorded)
          journal.append(toDoneRecord(result, context.newDirs.get(item.step.id)), { sync: false });
        results.push(result);
        options.onProgress?.({ done: results.length, total: plan.steps.length, result });
      }
    }
    if (plan.undoes) markUndone(plan);
    journal.append({ t: 'end', at: new Date().toISOString() });
  } finally {
    journal.close();
  }
  const counts: Partial<Record<StepOutcome, number>> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return { opId: plan.opId, kind: plan.kind, journalPath: journal.path, results, counts };
}

/**
 * Resolves up to BATCH_STEPS fresh transfers ahead and appends their begin records unsynced. A
 * batch ends before any other kind of step, and before a step whose destination is promised to,
 * or whose source is, an earlier pending step, so the outcome is what step-by-step would give.
 */
async function prepareBatch(
  context: StepContext,
  state: JournalState,
  start: number,
): Promise<BatchItem[]> {
  const batch: BatchItem[] = [];
  const claimed = new Set<string>();
  for (let index = start; index < state.plan.steps.length && batch.length < BATCH_STEPS; index++) {
    const step = state.plan.steps[index] as PlanStep;
    const recorded = state.done.get(step.id);
    if (recorded) {
      batch.push({ step, result: toResult(step, recorded), recorded: true });
      continue;
    }
    const begun = state.begun.get(step.id);
    if (begun !== undefined || !isTransfer(step)) {
      if (claimed.size > 0) break;
      batch.push(begun === undefined ? { step } : { step, begin: begun });
      if (!isTransfer(step)) break;
      continue;
    }
    // Its source is an earlier pending step's destination or source: let that one finish first.
    if (claimed.has(step.from ?? '')) break;
    const prepared = await prepareTransfer(context, step, (path) => claimed.has(path));
    if (prepared.kind === 'wait') break;
    if (prepared.kind === 'result') {
      batch.push({ step, result: withEffect(step, prepared.effect) });
      continue;
    }
    context.journal.append(prepared.begin, { sync: false });
    claimed.add(prepared.begin.to);
    if (step.from !== undefined) claimed.add(step.from);
    batch.push({ step, begin: prepared.begin, fresh: true });
  }
  // Never empty (a first step cannot wait on an empty claim set), but stay safe against a stall.
  if (batch.length === 0) batch.push({ step: state.plan.steps[start] as PlanStep });
  return batch;
}

function withEffect(step: PlanStep, effect: StepEffect): StepResult {
  const result: StepResult = { id: step.id, op: step.op, outcome: effect.outcome };
  if (step.from !== undefined) result.from = step.from;
  if (effect.to !== undefined) result.to = effect.to;
  if (effect.error) result.error = effect.error;
  if (effect.note) result.note = effect.note;
  return result;
}

function markUndone(plan: Plan): void {
  const original = Journal.reopen(join(journalDir(plan.libraryDir), `${plan.undoes}.jsonl`));
  try {
    original.append({ t: 'undone', by: plan.opId, at: new Date().toISOString() });
  } finally {
    original.close();
  }
}

function toResult(step: PlanStep, record: DoneRecord): StepResult {
  const result: StepResult = { id: step.id, op: step.op, outcome: record.outcome };
  if (step.from !== undefined) result.from = step.from;
  const to = record.to ?? step.to;
  if (to !== undefined) result.to = to;
  if (record.error) result.error = record.error;
  if (record.note) result.note = record.note;
  return result;
}

function toDoneRecord(result: StepResult, newDirs: string[] | undefined): DoneRecord {
  const record: DoneRecord = { t: 'done', id: result.id, outcome: result.outcome };
  if (result.to !== undefined) record.to = result.to;
  if (newDirs && newDirs.length > 0) record.newDirs = newDirs;
  if (result.error) record.error = result.error;
  if (result.note) record.note = result.note;
  return record;
}
