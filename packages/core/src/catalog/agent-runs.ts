import type { SqlDriver, SqlStatement } from './driver.js';

export type AgentOutcome = 'ok' | 'failed' | 'skipped';

/** One agent's latest run on one frame. */
export interface AgentRun {
  frameId: number;
  agent: string;
  outcome: AgentOutcome;
  error?: string;
  attempt: number;
  /** When to try again (failed, or skipped while waiting for a dependency); null when settled. */
  nextDueAtMs?: number | null;
  atMs: number;
  /** The agent's `version` when it ran; null for agents without one and for older catalogs. */
  version?: string | null;
}

/** Schema v6: which version of an agent produced each run. */
export const agentRunVersionsMigration = {
  name: 'agent run versions',
  up(driver: Pick<SqlDriver, 'exec'>): void {
    driver.exec('ALTER TABLE agent_runs ADD COLUMN version TEXT');
  },
};

export interface IngestError {
  path: string;
  code: string;
  message: string;
  atMs: number;
}

/** Agent run bookkeeping and ingest errors. Only the latest run per (frame, agent) is kept. */
export class AgentRunStore {
  private readonly record: SqlStatement;
  private readonly due: SqlStatement;
  private readonly needing: SqlStatement;
  private readonly succeeded: SqlStatement;
  private readonly runsOf: SqlStatement;
  private readonly addError: SqlStatement;
  private readonly clearError: SqlStatement;
  private readonly errors: SqlStatement;

  constructor(driver: SqlDriver) {
    // A frame removed while its agent ran has nothing left to record against.
    this.record = driver.prepare(
      `INSERT INTO agent_runs (frame_id, agent, outcome, error, attempt, next_due_at_ms, at_ms, version)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM frames WHERE id = ?)
       ON CONFLICT (frame_id, agent) DO UPDATE SET outcome = excluded.outcome, error = excluded.error,
         attempt = excluded.attempt, next_due_at_ms = excluded.next_due_at_ms, at_ms = excluded.at_ms,
         version = excluded.version`,
    );
    this.due = driver.prepare(
      `SELECT frame_id AS frameId, attempt FROM agent_runs
       WHERE agent = ? AND next_due_at_ms IS NOT NULL AND next_due_at_ms <= ? AND outcome != 'ok'
       ORDER BY next_due_at_ms, frame_id LIMIT ?`,
    );
    // A run counts as current unless it succeeded under another recorded version; runs from
    // before versions were recorded (null) count, so an upgrade does not re-measure a library.
    this.needing = driver.prepare(
      `SELECT id FROM frames f WHERE NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.frame_id = f.id AND r.agent = ?
         AND NOT (r.outcome = 'ok' AND r.version IS NOT NULL AND ? IS NOT NULL AND r.version != ?))
       ORDER BY id LIMIT ?`,
    );
    this.succeeded = driver.prepare(
      `SELECT 1 AS ok FROM agent_runs WHERE frame_id = ? AND agent = ? AND outcome = 'ok'`,
    );
    this.runsOf = driver.prepare(
      'SELECT frame_id AS frameId, agent, outcome, error, attempt, next_due_at_ms AS nextDueAtMs, at_ms AS atMs, version FROM agent_runs WHERE frame_id = ? ORDER BY agent',
    );
    this.addError = driver.prepare(
      `INSERT INTO ingest_errors (path, code, message, at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET code = excluded.code, message = excluded.message, at_ms = excluded.at_ms`,
    );
    this.clearError = driver.prepare('DELETE FROM ingest_errors WHERE path = ?');
    this.errors = driver.prepare(
      'SELECT path, code, message, at_ms AS atMs FROM ingest_errors ORDER BY path',
    );
  }

  recordRun(run: AgentRun): void {
    const nextDue = run.outcome === 'ok' ? null : (run.nextDueAtMs ?? null);
    this.record.run(
      run.frameId,
      run.agent,
      run.outcome,
      run.error ?? null,
      run.attempt,
      nextDue,
      run.atMs,
      run.version ?? null,
      run.frameId,
    );
  }

  dueRuns(
    agent: string,
    nowMs: number,
    limit?: number,
  ): Array<{ frameId: number; attempt: number }> {
    return this.due.all(agent, nowMs, limit ?? -1);
  }

  framesNeeding(agent: string, version?: string, limit?: number): number[] {
    return this.needing
      .all<{ id: number }>(agent, version ?? null, version ?? null, limit ?? -1)
      .map((r) => r.id);
  }

  hasSucceeded(frameId: number, agent: string): boolean {
    return this.succeeded.get(frameId, agent) !== undefined;
  }

  runsFor(frameId: number): AgentRun[] {
    return this.runsOf
      .all<AgentRun & { error: string | null; version: string | null }>(frameId)
      .map(({ error, version, ...run }) => ({
        ...run,
        ...(error === null ? {} : { error }),
        ...(version === null ? {} : { version }),
      }));
  }

  addIngestError(e: IngestError): void {
    this.addError.run(e.path, e.code, e.message, e.atMs);
  }

  clearIngestError(path: string): void {
    this.clearError.run(path);
  }

  ingestErrors(): IngestError[] {
    return this.errors.all<IngestError>();
  }
}
