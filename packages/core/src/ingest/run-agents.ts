import type { Catalog, StoredFrame } from '../catalog/index.js';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { Agent, AgentContext, AgentOutput } from './agent.js';

export interface RunAgentsOptions {
  signal?: AbortSignal;
  /** Frames processed at once. Hashing is I/O and CPU bound: two per core is plenty. */
  concurrency?: number;
  /** Retry delay after the first failure; doubles each attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  nowMs?: () => number;
  /** Options per agent name, from the configuration. */
  agentOptions?: Record<string, Record<string, unknown>>;
  onProgress?: (progress: { done: number; total: number; agent: string }) => void;
}

export interface AgentSummary {
  ok: number;
  failed: number;
  skipped: number;
}

/**
 * Runs every agent on every frame that needs it (never run, or failed and now due), in dependency
 * order, and stitches frames whose required agents all succeeded. One agent's failure is recorded
 * with a next-due time and never stops the others.
 */
export async function runAgents(
  catalog: Catalog,
  agents: readonly Agent[],
  options: RunAgentsOptions = {},
): Promise<Record<string, AgentSummary>> {
  const ordered = orderByDependencies(agents);
  const now = options.nowMs ?? Date.now;
  const summary: Record<string, AgentSummary> = Object.fromEntries(
    ordered.map((a) => [a.name, { ok: 0, failed: 0, skipped: 0 }]),
  );
  const required = ordered.filter((a) => a.required).map((a) => a.name);

  for (const agent of ordered) {
    const attempts = new Map<number, number>();
    const version = agent.version;
    for (const id of catalog.framesNeedingAgent(agent.name, version ? { version } : {}))
      attempts.set(id, 1);
    for (const due of catalog.dueAgentRuns(agent.name, now()))
      attempts.set(due.frameId, due.attempt + 1);
    const ids = [...attempts.keys()];
    let done = 0;
    // Agents work concurrently; their catalog writes land in one transaction per chunk, so a
    // library of small files is not bound by one commit (and fsync) per frame.
    for (let start = 0; start < ids.length; start += CHUNK) {
      options.signal?.throwIfAborted();
      const chunk = ids.slice(start, start + CHUNK);
      // One locked read for the chunk: frames and whether their dependencies succeeded.
      const work = catalog.driver.transaction(() =>
        chunk.flatMap((frameId) => {
          const frame = catalog.getFrameById(frameId);
          if (!frame) return [];
          const waitingFor = (agent.dependsOn ?? []).filter(
            (dep) => !catalog.agentSucceeded(frameId, dep),
          );
          return [{ frame, waitingFor }];
        }),
      );
      const runs: RunResult[] = [];
      await forEachLimited(work, options.concurrency ?? 4, async ({ frame, waitingFor }) => {
        options.signal?.throwIfAborted();
        runs.push(
          await runOne(
            agent,
            frame,
            waitingFor,
            attempts.get(frame.id) ?? 1,
            catalog,
            options,
            now,
          ),
        );
      });
      catalog.driver.transaction(() => {
        for (const run of runs) {
          if (run.output?.fields && Object.keys(run.output.fields).length > 0)
            catalog.setFields(run.record.frameId, agent.name, run.output.fields);
          run.output?.apply?.(catalog);
          catalog.recordAgentRun(run.record);
          summary[agent.name]![run.record.outcome]++;
          if (
            run.record.outcome === 'ok' &&
            required.length > 0 &&
            required.every((name) => catalog.agentSucceeded(run.record.frameId, name))
          ) {
            catalog.markStitched(run.record.frameId, true);
          }
        }
      });
      done += chunk.length;
      options.onProgress?.({ done, total: ids.length, agent: agent.name });
    }
  }
  return summary;
}

const CHUNK = 64;

interface RunResult {
  record: AgentRun;
  output?: AgentOutput | undefined;
}

type AgentRun = Parameters<Catalog['recordAgentRun']>[0];

async function runOne(
  agent: Agent,
  frame: StoredFrame,
  waitingFor: string[],
  attempt: number,
  catalog: Catalog,
  options: RunAgentsOptions,
  now: () => number,
): Promise<RunResult> {
  const base = { frameId: frame.id, agent: agent.name, attempt, version: agent.version ?? null };
  if ((agent.appliesTo && !agent.appliesTo(frame)) || waitingFor.length > 0) {
    // A frame waiting on a dependency is looked at again soon; one the agent does not apply to is settled.
    const nextDueAtMs = waitingFor.length > 0 ? now() + (options.backoffMs ?? 60_000) : null;
    return {
      record: {
        ...base,
        outcome: 'skipped',
        atMs: now(),
        nextDueAtMs,
        ...(waitingFor.length ? { error: `waiting for ${waitingFor.join(', ')}` } : {}),
      },
    };
  }
  const context: AgentContext = {
    catalog,
    options: options.agentOptions?.[agent.name] ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  };
  try {
    const output = (await agent.run(frame, context)) ?? undefined;
    return { record: { ...base, outcome: 'ok', atMs: now(), nextDueAtMs: null }, output };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const maxAttempts = agent.maxAttempts ?? 5;
    const delay = Math.min(
      options.maxBackoffMs ?? 6 * 3600_000,
      (options.backoffMs ?? 60_000) * 2 ** (attempt - 1),
    );
    return {
      record: {
        ...base,
        outcome: 'failed',
        error: error instanceof Error ? error.message : String(error),
        atMs: now(),
        nextDueAtMs: attempt < maxAttempts ? now() + delay : null,
      },
    };
  }
}

/** Topological order by `dependsOn`; an unknown dependency or a cycle is a configuration error. */
export function orderByDependencies(agents: readonly Agent[]): Agent[] {
  const byName = new Map(agents.map((a) => [a.name, a]));
  const ordered: Agent[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (agent: Agent, path: string[]) => {
    if (state.get(agent.name) === 'done') return;
    if (state.get(agent.name) === 'visiting') {
      throw new AstroError(
        ErrorCode.CONFIG_INVALID,
        `agent dependency cycle: ${[...path, agent.name].join(' -> ')}`,
      );
    }
    state.set(agent.name, 'visiting');
    for (const dep of agent.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target)
        throw new AstroError(
          ErrorCode.CONFIG_INVALID,
          `agent "${agent.name}" depends on unknown agent "${dep}"`,
        );
      visit(target, [...path, agent.name]);
    }
    state.set(agent.name, 'done');
    ordered.push(agent);
  };
  for (const agent of agents) visit(agent, []);
  return ordered;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
