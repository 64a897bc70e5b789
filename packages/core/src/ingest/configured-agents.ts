import { createQualityAgent } from '../analysis/index.js';
import type { AstroConfig } from '../config/index.js';
import type { Agent } from './agent.js';
import { createFileAgent } from './file-agent.js';
import { createIntegrationAgent } from './integration-agent.js';
import { loadAgentPlugins } from './load-agents.js';

/**
 * The agents a configuration asks for: the built-in ones, then third-party plugins, with each
 * plugin's options keyed by agent name for {@link runAgents}.
 */
export async function createConfiguredAgents(
  config: Pick<AstroConfig, 'agents'>,
): Promise<{ agents: Agent[]; agentOptions: Record<string, Record<string, unknown>> }> {
  const { quality } = config.agents;
  const builtIn = [
    ...(config.agents.hashing ? [createFileAgent()] : []),
    createIntegrationAgent(),
    ...(quality === false ? [] : [createQualityAgent(quality === true ? {} : quality)]),
  ];
  const plugins = await loadAgentPlugins(config.agents.plugins);
  const agentOptions: Record<string, Record<string, unknown>> = {};
  plugins.forEach(
    (agent, i) => (agentOptions[agent.name] = config.agents.plugins[i]?.options ?? {}),
  );
  return { agents: [...builtIn, ...plugins], agentOptions };
}
