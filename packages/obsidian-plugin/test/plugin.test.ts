import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIGS, generateLibrary, ninaCards } from '../../../fixtures/generate-library.js';
import { writeFits } from '../../core/src/fits/index.js';

const pluginRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const stubPath = join(pluginRoot, 'test', 'obsidian-stub', 'index.cjs');

interface StubRecord {
  notices: string[];
  opened: string[];
}
interface LoadedPlugin {
  commands: Array<{ id: string; name: string; callback: () => Promise<void> | void }>;
  ribbonIcons: Array<{ title: string }>;
  settingTabs: Array<{ display(): void; containerEl: { children: Array<{ name: string }> } }>;
  settings: { version: number; libraryFolders: string[]; catalogPath: string; notesFolder: string };
  onload(): Promise<void>;
}

let work: string;
let vault: string;
let library: string;
let plugin: LoadedPlugin;
let record: StubRecord;
const restoreResolve = (Module as unknown as { _resolveFilename: (...a: unknown[]) => string })
  ._resolveFilename;

function notes(): string[] {
  return readdirSync(join(vault, 'Astro'), { recursive: true, encoding: 'utf8' }).filter((p) =>
    p.endsWith('.md'),
  );
}

async function run(commandId: string): Promise<void> {
  const command = plugin.commands.find((c) => c.id === `astrocat:${commandId}`);
  if (!command) throw new Error(`no command ${commandId}`);
  await command.callback();
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(pluginRoot, 'scripts', 'build.mjs')], { stdio: 'pipe' });
  work = mkdtempSync(join(tmpdir(), 'astrocat-obsidian-'));
  library = join(work, 'library');
  vault = join(work, 'vault');
  generateLibrary(library);
  // Install the built plugin the way a user does: its three files in .obsidian/plugins/astrocat.
  const pluginDir = join(vault, '.obsidian', 'plugins', 'astrocat');
  mkdirSync(pluginDir, { recursive: true });
  for (const file of ['main.js', 'manifest.json', 'styles.css'])
    cpSync(join(pluginRoot, 'dist', file), join(pluginDir, file));
  // Version-1 settings as an older plugin saved them: they must be migrated.
  writeFileSync(
    join(pluginDir, 'data.json'),
    JSON.stringify({
      libraryFolder: library,
      catalogFile: join(work, 'catalog', 'catalog.sqlite'),
      notesFolder: 'Astro',
    }),
  );

  (Module as unknown as { _resolveFilename: (...a: unknown[]) => string })._resolveFilename =
    function (request: unknown, ...rest: unknown[]) {
      return request === 'obsidian' ? stubPath : restoreResolve.call(this, request, ...rest);
    };
  const require = createRequire(import.meta.url);
  const obsidian = require(stubPath) as {
    App: new (base: string) => unknown;
    __record: StubRecord;
  };
  record = obsidian.__record;
  const PluginClass = (
    require(join(pluginDir, 'main.js')) as {
      default: new (app: unknown, manifest: unknown) => LoadedPlugin;
    }
  ).default;
  const manifest = {
    ...JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8')),
    dir: '.obsidian/plugins/astrocat',
  };
  plugin = new PluginClass(new obsidian.App(vault), manifest);
  await plugin.onload();
});

afterAll(() => {
  (Module as unknown as { _resolveFilename: unknown })._resolveFilename = restoreResolve;
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built Obsidian plugin', () => {
  it('registers its commands, ribbon icon and settings tab, and migrates saved settings', () => {
    expect(plugin.commands.map((c) => c.name)).toEqual([
      'Sync session notes',
      'Open dashboard',
      'Scan library now',
    ]);
    expect(plugin.ribbonIcons).toHaveLength(1);
    expect(plugin.settings).toMatchObject({
      version: 2,
      libraryFolders: [library],
      notesFolder: 'Astro',
    });
    const saved = JSON.parse(
      readFileSync(join(vault, '.obsidian/plugins/astrocat/data.json'), 'utf8'),
    );
    expect(saved.version).toBe(2);
    plugin.settingTabs[0]!.display();
    const rows = plugin.settingTabs[0]!.containerEl.children;
    expect(rows.map((s) => s.name)).toContain('Library folders');
    const plots = rows.find((s) => s.name === 'Quality plots')!.controls[0]!;
    expect(plots.options.map((o: { value: string }) => o.value)).toEqual(['svg', 'png', 'none']);
    expect(plots.value).toBe('svg');
  });

  it('scans the library, syncs notes, keeps hand edits across a resync and updates the numbers', async () => {
    await run('scan-library');
    expect(record.notices.some((n) => /astrocat: \d+ files — \d+ added/.test(n))).toBe(true);
    await run('sync-session-notes');
    expect(record.notices.at(-1)).toMatch(/astrocat: \d+ sessions — \d+ notes created/);

    const written = notes();
    expect(written).toContain('Dashboard.md');
    expect(written.filter((p) => p.startsWith('Sessions/')).length).toBeGreaterThanOrEqual(8);
    for (const rel of written)
      expect(() => matter(readFileSync(join(vault, 'Astro', rel), 'utf8')), rel).not.toThrow();

    const sessionRel = written.find((p) => p.startsWith('Sessions/2024-10-05 M51'))!;
    const sessionFile = join(vault, 'Astro', sessionRel);
    const before = matter(readFileSync(sessionFile, 'utf8')).data as Record<string, unknown>;
    const framesBefore = before['frames'] as number;
    expect(before).toMatchObject({ astrocat: 'session', target: 'M51' });
    // The night's quality plot is written beside the notes and embedded (SVG by default).
    const plot = /!\[\[(.+\.svg)\]\]/.exec(readFileSync(sessionFile, 'utf8'))?.[1];
    expect(plot).toBeDefined();
    expect(readFileSync(join(vault, plot!), 'utf8')).toMatch(/^<svg[^>]*>.*<polyline/s);

    // A hand edit: a sentence under Notes and a property of the user's own.
    const edited = readFileSync(sessionFile, 'utf8')
      .replace('## Notes\n\n', '## Notes\n\nGusty wind after midnight; check the last L frames.\n')
      .replace('tags:\n', 'seeing: 2/5\ntags:\n');
    writeFileSync(sessionFile, edited);

    // Two more frames of that session land in the library.
    const rig = RIGS.find((r) => r.optic === 'C8E')!;
    for (let i = 0; i < 2; i++) {
      const utcMs = Date.parse('2024-10-05T23:30:00Z') + i * 130_000;
      const cards = ninaCards(rig, {
        type: 'LIGHT',
        exposureSec: 120,
        utcMs,
        filter: 'L',
        object: 'M51',
        raDeg: 202.4696,
        decDeg: 47.1952,
        sensorTempC: -10,
      });
      const bytes = writeFits([
        {
          cards,
          image: { bitpix: 16, axes: [8, 8], data: new Uint16Array(64).fill(800), bzero: 32768 },
        },
      ]);
      mkdirSync(join(library, 'late'), { recursive: true });
      writeFileSync(join(library, 'late', `M51_late_${i}.fits`), bytes);
    }
    await run('scan-library');
    await run('sync-session-notes');

    const after = readFileSync(sessionFile, 'utf8');
    const parsed = matter(after).data as Record<string, unknown>;
    expect(parsed['frames']).toBe(framesBefore + 2);
    expect(parsed['seeing']).toBe('2/5');
    expect(after).toContain('## Notes\n\nGusty wind after midnight; check the last L frames.\n');
    for (const rel of notes()) {
      const data = matter(readFileSync(join(vault, 'Astro', rel), 'utf8')).data as Record<
        string,
        unknown
      >;
      expect(data['astrocat'], rel).toMatch(/^(session|target|dashboard)$/);
    }
  });

  it('opens the dashboard', async () => {
    await run('open-dashboard');
    expect(record.opened).toEqual(['Astro/Dashboard.md']);
  });
});
