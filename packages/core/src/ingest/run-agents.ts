import type { Catalog, StoredFrame } from '../catalog/index.js';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { Agent, AgentContext } from './agent.js';

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
export async function runAgents(catalog: Catalog, agents: readonly Agent[], options: RunAgentsOptions = {}): Promise<Record<string, AgentSummary>> {
  const ordered = orderByDependencies(agents);
  const now = options.nowMs ?? Date.now;
  const summary: Record<string, AgentSummary> = Object.fromEntries(ordered.map((a) => [a.name, { ok: 0, failed: 0, skipped: 0 }]));
  const required = ordered.filter((a) => a.required).map((a) => a.name);

  for (const agent of ordered) {
    const attempts = new Map<number, number>();
    for (const id of catalog.framesNeedingAgent(agent.name)) attempts.set(id, 1);
    for (const due of catalog.dueAgentRuns(agent.name, now())) attempts.set(due.frameId, due.attempt + 1);
    const ids = [...attempts.keys()];
    let done = 0;
    await forEachLimited(ids, options.concurrency ?? 4, async (frameId) => {
      options.signal?.throwIfAborted();
      const frame = catalog.getFrameById(frameId);
      if (frame) {
        const outcome = await runOne(catalog, agent, frame, attempts.get(frameId) ?? 1, options, now);
        summary[agent.name]![outcome]++;
        if (outcome === 'ok' && required.length > 0 && required.every((name) => catalog.agentSucceeded(frameId, name))) {
          catalog.markStitched(frameId, true);
        }
      }
      options.onProgress?.({ done: ++done, total: ids.length, agent: agent.name });
    });
  }
  return summary;
}

async function runOne(
  catalog: Catalog,
  agent: Agent,
  frame: StoredFrame,
  attempt: number,
  options: RunAgentsOptions,
  now: () => number,
): Promise<'ok' | 'failed' | 'skipped'> {
  const base = { frameId: frame.id, agent: agent.name, attempt };
  const waitingFor = (agent.dependsOn ?? []).filter((dep) => !catalog.agentSucceeded(frame.id, dep));
  if ((agent.appliesTo && !agent.appliesTo(frame)) || waitingFor.length > 0) {
    // A frame waiting on a dependency is looked at again soon; one the agent does not apply to is settled.
    const nextDueAtMs = waitingFor.length > 0 ? now() + (options.backoffMs ?? 60_000) : null;
    catalog.recordAgentRun({ ...base, outcome: 'skipped', atMs: now(), nextDueAtMs, ...(waitingFor.length ? { error: `waiting for ${waitingFor.join(', ')}` } : {}) });
    return 'skipped';
  }
  const context: AgentContext = { catalog, options: options.agentOptions?.[agent.name] ?? {}, ...(options.signal ? { signal: options.signal } : {}) };
  try {
    const output = await agent.run(frame, context);
    if (output?.fields && Object.keys(output.fields).length > 0) catalog.setFields(frame.id, agent.name, output.fields);
    catalog.recordAgentRun({ ...base, outcome: 'ok', atMs: now(), nextDueAtMs: null });
    return 'ok';
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const maxAttempts = agent.maxAttempts ?? 5;
    const delay = Math.min(options.maxBackoffMs ?? 6 * 3600_000, (options.backoffMs ?? 60_000) * 2 ** (attempt - 1));
    catalog.recordAgentRun({
      ...base,
      outcome: 'failed',
      error: error instanceof Error ? error.message : String(error),
      atMs: now(),
      nextDueAtMs: attempt < maxAttempts ? now() + delay : null,
    });
    return 'failed';
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
      throw new AstroError(ErrorCode.CONFIG_INVALID, `agent dependency cycle: ${[...path, agent.name].join(' -> ')}`);
    }
    state.set(agent.name, 'visiting');
    for (const dep of agent.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) throw new AstroError(ErrorCode.CONFIG_INVALID, `agent "${agent.name}" depends on unknown agent "${dep}"`);
      visit(target, [...path, agent.name]);
    }
    state.set(agent.name, 'done');
    ordered.push(agent);
  };
  for (const agent of agents) visit(agent, []);
  return ordered;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
