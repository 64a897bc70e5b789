import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../packages/core/src/catalog/index.js';
import { loadConfig } from '../../packages/core/src/config/index.js';
import {
  createConfiguredAgents,
  runAgents,
  scanFolders,
} from '../../packages/core/src/ingest/index.js';
import { generateLibrary } from '../../fixtures/generate-library.js';

describe('example site agent, loaded from configuration', () => {
  let dir: string;
  let catalog: Catalog;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'astrocat-site-agent-'));
    generateLibrary(join(dir, 'library'));
    // The module path is relative to the config file, as a user would write it.
    const modulePath = fileURLToPath(new URL('./index.mjs', import.meta.url));
    writeFileSync(
      join(dir, 'astrocat.json'),
      JSON.stringify({
        agents: {
          hashing: false,
          quality: false,
          plugins: [
            {
              module: modulePath,
              options: { sites: [{ name: 'backyard', latDeg: 48.14, lonDeg: 11.58, radiusKm: 5 }] },
            },
          ],
        },
      }),
    );
    catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
  });

  afterAll(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('contributes a field that search can filter on', async () => {
    const { config } = loadConfig({ path: join(dir, 'astrocat.json') });
    const { agents, agentOptions } = await createConfiguredAgents(config);
    expect(agents.map((a) => a.name)).toEqual(['integration', 'site']);

    await scanFolders(catalog, [join(dir, 'library')], {
      extensions: config.scan.extensions,
      ignore: config.scan.ignore,
    });
    const summary = await runAgents(catalog, agents, { agentOptions });
    expect(summary.site!.ok).toBeGreaterThan(0);
    expect(summary.site!.failed).toBe(0);

    const atBackyard = catalog.search({ fields: [{ name: 'site', value: 'backyard' }] });
    const lights = catalog.search({ frameType: 'LIGHT' });
    expect(atBackyard.length).toBeGreaterThan(0);
    // Every light frame of the fixture library carries the site coordinates of the backyard.
    expect(atBackyard.filter((f) => f.frameType === 'LIGHT').length).toBe(lights.length);
    expect(catalog.search({ fields: [{ name: 'site', value: 'darksite' }] })).toEqual([]);
    expect(atBackyard[0]!.fields.site).toBe('backyard');
  });
});
