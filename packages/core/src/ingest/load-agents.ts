import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import type { Agent } from './agent.js';

export interface AgentPluginEntry {
  /** Absolute path or package name of an ES module. */
  module: string;
  options?: Record<string, unknown>;
}

/**
 * Loads third-party agents named in the configuration. A module's default export (or a named
 * `createAgent`) is an Agent, or a factory `(options) => Agent`. A module that cannot be loaded is
 * an error naming the module: a silently missing agent would leave fields empty with no reason.
 */
export async function loadAgentPlugins(entries: readonly AgentPluginEntry[]): Promise<Agent[]> {
  const agents: Agent[] = [];
  for (const entry of entries) {
    let exported: unknown;
    try {
      const mod = (await import(
        isAbsolute(entry.module) ? pathToFileURL(entry.module).href : entry.module
      )) as Record<string, unknown>;
      exported = mod.default ?? mod.createAgent;
    } catch (cause) {
      throw new AstroError(
        ErrorCode.PLUGIN_LOAD_FAILED,
        `cannot load agent module ${entry.module}: ${(cause as Error).message}`,
        { cause },
      );
    }
    const agent =
      typeof exported === 'function'
        ? (exported as (o: unknown) => unknown)(entry.options ?? {})
        : exported;
    if (!isAgent(agent)) {
      throw new AstroError(
        ErrorCode.PLUGIN_LOAD_FAILED,
        `agent module ${entry.module} must export an Agent ({ name, run }) or a factory returning one`,
      );
    }
    agents.push(agent);
  }
  return agents;
}

function isAgent(value: unknown): value is Agent {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Agent).name === 'string' &&
    typeof (value as Agent).run === 'function'
  );
}
