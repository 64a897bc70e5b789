import { basename, dirname, join } from 'node:path';
import { AstroError, ErrorCode, isAstroError } from '../errors/index.js';
import type { ApplyOptions, StepResult } from './apply-plan.js';
import { errnoOf, missingParents, statOrNull, type WorkflowFs } from './file-ops.js';
import type { BeginRecord, Journal, StepError, StepOutcome } from './journal.js';
import type { Plan, PlanStep } from './plan.js';
import { chooseDestination, linkNoClobber, moveNoClobber, recoverMove } from './safe-move.js';

export interface StepContext {
  fs: WorkflowFs;
  plan: Plan;
  journal: Journal;
  options: ApplyOptions;
  /** Folders known to exist (or about to), so 20,000 moves into a few folders do not stat each parent. */
  knownDirs: Set<string>;
  /** Folders each step created, kept in its done record so undo can remove them. */
  newDirs: Map<number, string[]>;
}

/** What a step did, before it becomes a {@link StepResult}. */
export type StepEffect = Pick<StepResult, 'outcome' | 'to' | 'error' | 'note'>;

type TransferOp = 'move' | 'copy' | 'link' | 'delete';

const DONE_OUTCOME: Record<TransferOp, StepOutcome> = {
  move: 'moved',
  copy: 'copied',
  link: 'linked',
  delete: 'deleted',
};

export function isTransfer(step: PlanStep): step is PlanStep & { op: TransferOp } {
  return step.op === 'move' || step.op === 'copy' || step.op === 'link' || step.op === 'delete';
}

/** The outcome of resolving a transfer ahead of doing it. */
export type PreparedTransfer =
  | { kind: 'begin'; begin: BeginRecord & { to: string } }
  | { kind: 'result'; effect: StepEffect }
  | { kind: 'wait' };

/**
 * Picks a transfer's destination and the folders it needs, without touching the disk, so many
 * steps' begin records can share one fsync. `isClaimed` guards names promised to earlier steps
 * of the same batch: such a step must wait until they are done.
 */
export async function prepareTransfer(
  context: StepContext,
  step: PlanStep & { op: TransferOp },
  isClaimed: (path: string) => boolean,
): Promise<PreparedTransfer> {
  const from = required(step.from, step, 'from');
  if ((await statOrNull(context.fs, from)) === null) {
    return { kind: 'result', effect: missingSource(from) };
  }
  const choice = await chooseDestination(
    context.fs,
    from,
    plannedTarget(context.plan, step),
    isClaimed,
  );
  if (choice.kind === 'claimed') return { kind: 'wait' };
  if (choice.kind === 'duplicate') {
    const note = step.op === 'copy' || step.op === 'link' ? 'already present' : 'source kept';
    return { kind: 'result', effect: { outcome: 'duplicate', to: choice.to, note } };
  }
  const newDirs = context.knownDirs.has(dirname(choice.to))
    ? []
    : (await missingParents(context.fs, choice.to)).filter((dir) => !context.knownDirs.has(dir));
  // Optimistic: later steps of the batch will not try to create these again.
  for (const dir of [...newDirs, dirname(choice.to)]) context.knownDirs.add(dir);
  return { kind: 'begin', begin: { t: 'begin', id: step.id, to: choice.to, newDirs } };
}

/**
 * Runs one step. `begin` is the step's begin record: `fresh` when just prepared (nothing done
 * yet), else left by an interrupted run, in which case the disk decides what remains to do.
 * Per-file failures come back as a `failed` effect, never as a throw.
 */
export async function executeStep(
  context: StepContext,
  step: PlanStep,
  begin: BeginRecord | undefined,
  fresh: boolean,
): Promise<StepEffect> {
  try {
    if (isTransfer(step)) return await transferStep(context, step, begin, fresh);
    if (step.op === 'mkdir') return await mkdirStep(context, step);
    if (step.op === 'rmdir') return await rmdirStep(context, step);
    return await stampStep(context, step);
  } catch (error) {
    return { outcome: 'failed', error: describeError(error) };
  }
}

function describeError(error: unknown): StepError {
  const message = error instanceof Error ? error.message : String(error);
  if (isAstroError(error)) return { code: error.code, message };
  return { code: errnoOf(error) ?? 'ERROR', message };
}

function required(value: string | undefined, step: PlanStep, field: 'from' | 'to'): string {
  if (value === undefined) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `${step.op} step ${step.id} has no '${field}'`,
    );
  }
  return value;
}

function missingSource(from: string): StepEffect {
  return { outcome: 'failed', error: { code: 'ENOENT', message: `source ${from} does not exist` } };
}

/** Where a step means to put its file; a delete goes to the trash so it stays recoverable. */
function plannedTarget(plan: Plan, step: PlanStep): string {
  if (step.op !== 'delete') return required(step.to, step, 'to');
  const name = basename(required(step.from, step, 'from'));
  return join(plan.libraryDir, '.astrocat', 'trash', plan.opId, String(step.id), name);
}

async function transferStep(
  context: StepContext,
  step: PlanStep & { op: TransferOp },
  begin: BeginRecord | undefined,
  fresh: boolean,
): Promise<StepEffect> {
  const from = required(step.from, step, 'from');
  const keepSource = step.op === 'copy' || step.op === 'link';
  let next: (BeginRecord & { to: string }) | null = null;
  if (begin?.to !== undefined && fresh) next = { ...begin, to: begin.to };
  if (begin?.to !== undefined && !fresh) {
    const recovery = await recoverMove(context.fs, from, begin.to, {
      keepSource,
      contentMatch: begin.copy === true,
    });
    if (recovery === 'moved') {
      context.newDirs.set(step.id, begin.newDirs ?? []);
      const effect: StepEffect & { to: string } = {
        outcome: DONE_OUTCOME[step.op],
        to: begin.to,
        note: 'finished after interruption',
      };
      return keepSource ? effect : notifyMoved(context, step, from, effect);
    }
    if (recovery === 'lost') {
      return {
        outcome: 'failed',
        error: { code: 'ENOENT', message: `neither ${from} nor ${begin.to} exists` },
      };
    }
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (next === null) {
      const prepared = await prepareTransfer(context, step, () => false);
      if (prepared.kind === 'result') return prepared.effect;
      if (prepared.kind === 'wait') break;
      next = prepared.begin;
      context.journal.append(next);
    }
    const effect = await performTransfer(context, step, from, next, keepSource);
    if (effect) return effect;
    // Someone took the name between the check and the link, or a folder vanished: choose again.
    context.knownDirs.clear();
    next = null;
  }
  return {
    outcome: 'failed',
    error: { code: 'EEXIST', message: `could not claim a name for ${from}` },
  };
}

async function performTransfer(
  context: StepContext,
  step: PlanStep & { op: TransferOp },
  from: string,
  begin: BeginRecord & { to: string },
  keepSource: boolean,
): Promise<StepEffect | null> {
  const { fs, journal } = context;
  const beforeCopy = () => journal.append({ ...begin, copy: true });
  try {
    if ((begin.newDirs ?? []).length > 0) await fs.mkdir(dirname(begin.to), { recursive: true });
    if (step.op === 'link') await linkNoClobber(fs, from, begin.to, { beforeCopy });
    else
      await moveNoClobber(fs, from, begin.to, {
        keepSource,
        beforeCopy,
        reflink: Boolean(step.reflink),
      });
  } catch (error) {
    if (errnoOf(error) === 'EEXIST' || errnoOf(error) === 'ENOENT') return null;
    throw error;
  }
  context.newDirs.set(step.id, begin.newDirs ?? []);
  const effect: StepEffect & { to: string } = { outcome: DONE_OUTCOME[step.op], to: begin.to };
  return keepSource ? effect : notifyMoved(context, step, from, effect);
}

/**
 * Tells the caller (the catalog) about a finished move. Its failure must not turn a move that
 * happened into a `failed` step, or undo would not know the file moved: the step stays moved and
 * carries the hook's error.
 */
async function notifyMoved(
  context: StepContext,
  step: PlanStep,
  from: string,
  effect: StepEffect & { to: string },
): Promise<StepEffect> {
  try {
    await context.options.onMoved?.(from, effect.to, step);
    return effect;
  } catch (error) {
    return { ...effect, error: { code: 'ON_MOVED_FAILED', message: describeError(error).message } };
  }
}

async function mkdirStep(context: StepContext, step: PlanStep): Promise<StepEffect> {
  const to = required(step.to, step, 'to');
  if ((await statOrNull(context.fs, to)) !== null)
    return { outcome: 'skipped', to, note: 'already exists' };
  const newDirs = [...(await missingParents(context.fs, to)), to];
  context.journal.append({ t: 'begin', id: step.id, to, newDirs });
  await context.fs.mkdir(to, { recursive: true });
  context.newDirs.set(step.id, newDirs);
  return { outcome: 'created', to };
}

async function rmdirStep(context: StepContext, step: PlanStep): Promise<StepEffect> {
  const from = required(step.from, step, 'from');
  try {
    await context.fs.rmdir(from);
    context.knownDirs.delete(from);
    return { outcome: 'removed' };
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') return { outcome: 'skipped', note: 'already gone' };
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return { outcome: 'skipped', note: 'not empty' };
    throw error;
  }
}

async function stampStep(context: StepContext, step: PlanStep): Promise<StepEffect> {
  const from = required(step.from, step, 'from');
  if (!context.options.stampHeader)
    return { outcome: 'skipped', note: 'no header stamper configured' };
  await context.options.stampHeader(context.fs, from, step.cards ?? []);
  return { outcome: 'stamped', to: from };
}
