import type { Catalog, StoredFrame } from '../catalog/index.js';

/** A value an agent contributes to a frame; stored in the catalog and searchable by name. */
export type AgentFieldValue = string | number | boolean | null;

export interface AgentContext {
  catalog: Catalog;
  signal?: AbortSignal;
  /** Options from the configuration entry that loaded this agent. */
  options: Record<string, unknown>;
}

/** What one run of an agent on one frame produced. */
export interface AgentOutput {
  /** Searchable fields, e.g. `{ site: 'backyard' }` → `astrocat search --field site=backyard`. */
  fields?: Record<string, AgentFieldValue>;
  /**
   * Catalog writes beyond fields (e.g. content hashes). Run by the pipeline inside its batch
   * transaction, so an agent never commits on its own.
   */
  apply?: (catalog: Catalog) => void;
}

/**
 * An enrichment step of the ingest pipeline (DESIGN.md §2). Agents run after a frame's header is
 * cataloged, in dependency order; each run's outcome is recorded, and a failed run gets a next-due
 * time with exponential backoff and never blocks the other agents.
 *
 * @example
 * ```ts
 * const exposureClass: Agent = {
 *   name: 'exposure-class',
 *   appliesTo: (frame) => frame.frameType === 'LIGHT',
 *   async run(frame) {
 *     return { fields: { exposureClass: (frame.exposureSec ?? 0) >= 60 ? 'long' : 'short' } };
 *   },
 * };
 * ```
 */
export interface Agent {
  /** Unique, stable name: outcomes and fields are recorded under it. */
  readonly name: string;
  /** Agents whose successful run on the same frame this one needs first. */
  readonly dependsOn?: readonly string[];
  /**
   * A frame is stitched (visible to search) only once every required agent succeeded on it.
   * Built-in agents are not required: the header record is searchable at once.
   */
  readonly required?: boolean;
  /**
   * What the agent computes: its algorithm and the options that change its results. A frame it
   * last succeeded on under another version is run again (on the next scan or watch pass), so
   * one catalog never mixes measurements made two ways. Bump it when results change.
   */
  readonly version?: string;
  /** Runs for this agent at most, before it gives up on a frame. Default 5. */

  readonly maxAttempts?: number;
  appliesTo?(frame: StoredFrame): boolean;
  run(frame: StoredFrame, context: AgentContext): Promise<AgentOutput | void>;
}
