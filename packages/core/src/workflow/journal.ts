import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { Plan } from './plan.js';

/** How a step ended. */
export type StepOutcome =
  | 'moved'
  | 'copied'
  | 'linked'
  | 'duplicate'
  | 'created'
  | 'removed'
  | 'deleted'
  | 'stamped'
  | 'skipped'
  | 'failed';

export interface StepError {
  /** errno code (`EACCES`, `ENOSPC`, ...) or an AstroError code. */
  code: string;
  message: string;
}

/** Written before a step touches the disk: where it will put the file, which folders it makes. */
export interface BeginRecord {
  t: 'begin';
  id: number;
  to?: string;
  newDirs?: string[];
  /** Set when the move became a copy (another file system): then equal bytes, not the inode, prove it done. */
  copy?: boolean;
}

/** Written after a step, with its outcome and the path actually used. */
export interface DoneRecord {
  t: 'done';
  id: number;
  outcome: StepOutcome;
  to?: string;
  newDirs?: string[];
  error?: StepError;
  note?: string;
}

export type JournalRecord =
  | { t: 'plan'; plan: Plan }
  | BeginRecord
  | DoneRecord
  | { t: 'end'; at: string }
  | { t: 'undone'; by: string; at: string };

/** Everything a journal file says about one operation. */
export interface JournalState {
  path: string;
  plan: Plan;
  begun: Map<number, BeginRecord>;
  done: Map<number, DoneRecord>;
  ended: boolean;
  undoneBy: string | null;
}

/** `<libraryDir>/.astrocat/journal` */
export function journalDir(libraryDir: string): string {
  return join(libraryDir, '.astrocat', 'journal');
}

/**
 * An append-only JSON Lines journal, one file per operation. The plan is written to a temporary
 * file, fsynced and renamed into place, so a journal either holds the whole plan or does not exist;
 * every later record is appended and fsynced before the step it describes goes on.
 *
 * @example
 * ```ts
 * const journal = Journal.create(plan);
 * journal.append({ t: 'begin', id: 0, to: '/lib/a.fits' });
 * journal.close();
 * ```
 */
export class Journal {
  private dirty = false;

  private constructor(
    readonly path: string,
    private fd: number | null,
    private readonly durable: boolean,
  ) {}

  /** Writes the plan and opens the journal for appending. */
  static create(plan: Plan, options: { durable?: boolean } = {}): Journal {
    const dir = journalDir(plan.libraryDir);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${plan.opId}.jsonl`);
    const temporary = `${path}.tmp`;
    const fd = openSync(temporary, 'w');
    writeSync(fd, `${JSON.stringify({ t: 'plan', plan } satisfies JournalRecord)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
    syncDir(dir);
    return new Journal(path, openSync(path, 'a'), options.durable ?? true);
  }

  /** Opens an existing journal for appending (a torn last line is closed off first). */
  static reopen(path: string, options: { durable?: boolean } = {}): Journal {
    const text = readFileSync(path, 'utf8');
    const fd = openSync(path, 'a');
    if (text.length > 0 && !text.endsWith('\n')) writeSync(fd, '\n');
    return new Journal(path, fd, options.durable ?? true);
  }

  /**
   * Appends a record. With `sync` (the default) it is fsynced before returning; callers batch
   * records with `sync: false` and one {@link Journal.sync} when several may share one fsync.
   */
  append(record: JournalRecord, options: { sync?: boolean } = {}): void {
    if (this.fd === null)
      throw new AstroError(ErrorCode.IO_ERROR, `journal ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.dirty = true;
    if (options.sync ?? true) this.sync();
  }

  /** fsyncs what was appended so far (a no-op when not durable or nothing is pending). */
  sync(): void {
    if (this.fd === null || !this.dirty || !this.durable) return;
    fsyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd === null) return;
    if (this.dirty) fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  }
}

/**
 * Reads a journal file. A torn last line (the process died mid-write) is ignored; a journal
 * without its plan record is invalid.
 */
export function readJournal(path: string): JournalState {
  const lines = readFileSync(path, 'utf8').split('\n');
  let plan: Plan | null = null;
  const state = { begun: new Map<number, BeginRecord>(), done: new Map<number, DoneRecord>() };
  let ended = false;
  let undoneBy: string | null = null;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      continue;
    }
    if (record.t === 'plan') plan = record.plan;
    else if (record.t === 'begin') state.begun.set(record.id, record);
    else if (record.t === 'done') state.done.set(record.id, record);
    else if (record.t === 'end') ended = true;
    else if (record.t === 'undone') undoneBy = record.by;
  }
  if (plan === null) {
    throw new AstroError(ErrorCode.WORKFLOW_JOURNAL_INVALID, `journal ${path} has no plan record`, {
      details: { path },
    });
  }
  return { path, plan, ...state, ended, undoneBy };
}

/** Status of one journaled operation, for `astrocat journal`. */
export interface OperationSummary {
  opId: string;
  kind: Plan['kind'];
  createdAt: string;
  status: 'complete' | 'incomplete' | 'undone';
  steps: number;
  done: number;
  failed: number;
  undoes: string | null;
  journalPath: string;
}

/** Every journaled operation in a library, oldest first. */
export function listOperations(libraryDir: string): OperationSummary[] {
  const dir = journalDir(libraryDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const state = readJournal(join(dir, name));
    const failed = [...state.done.values()].filter((record) => record.outcome === 'failed').length;
    const status = state.undoneBy ? 'undone' : state.ended ? 'complete' : 'incomplete';
    return {
      opId: state.plan.opId,
      kind: state.plan.kind,
      createdAt: state.plan.createdAt,
      status,
      steps: state.plan.steps.length,
      done: state.done.size,
      failed,
      undoes: state.plan.undoes ?? null,
      journalPath: state.path,
    };
  });
}
