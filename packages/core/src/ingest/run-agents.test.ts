import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../../fixtures/generate-library.js';
import { Catalog } from '../catalog/index.js';
import type { Agent } from './agent.js';
import { runAgents } from './run-agents.js';
import { scanFolders } from './scan.js';

let dir: string;
let catalog: Catalog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-agents-'));
  generateLibrary(join(dir, 'library'));
  catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
  await scanFolders(catalog, [join(dir, 'library')], { extensions: ['.fits'], ignore: [] });
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An agent that stamps each light frame with the method it measured by, and counts its runs. */
function measuring(name: string, method: string, version?: string): Agent & { runs: number } {
  const agent = {
    name,
    runs: 0,
    ...(version ? { version } : {}),
    appliesTo: (frame: { frameType: string | null }) => frame.frameType === 'LIGHT',
    async run() {
      agent.runs++;
      return { fields: { [name]: method } };
    },
  };
  return agent as Agent & { runs: number };
}

/** Frames whose `name` field is `method`. */
const measuredBy = (name: string, method: string) =>
  catalog.search({ includeUnstitched: true, fields: [{ name, value: method }] }).length;

describe('runAgents and agent versions', () => {
  it('runs an agent again on every frame when its version changes, and only then', async () => {
    const lights = catalog.search({ includeUnstitched: true, frameType: 'LIGHT' }).length;
    expect(lights).toBeGreaterThan(3);
    const runs = async (method: string, version: string) => {
      const agent = measuring('grade', method, version);
      await runAgents(catalog, [agent]);
      return agent.runs;
    };
    expect(await runs('a', 'v1')).toBe(lights);
    expect(await runs('a', 'v1')).toBe(0);
    expect(await runs('b', 'v2')).toBe(lights);
    // The new run's fields replace the old ones.
    expect([measuredBy('grade', 'b'), measuredBy('grade', 'a')]).toEqual([lights, 0]);
    expect(await runs('b', 'v2')).toBe(0);
  });

  it('treats runs recorded before versions existed as current', async () => {
    const legacy = measuring('older', 'legacy');
    await runAgents(catalog, [legacy]);
    const lights = legacy.runs;
    expect(lights).toBeGreaterThan(3);
    // An upgrade that gives the agent a version does not re-measure the library.
    const versioned = measuring('older', 'new', 'v1');
    await runAgents(catalog, [versioned]);
    expect(versioned.runs).toBe(0);
    expect(measuredBy('older', 'legacy')).toBe(lights);
  });
});
